using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// The input pipeline of a scenario (<c>data:</c>): a data set of <see cref="Samples"/> samples of
/// <see cref="BytesPerSample"/> each on a storage tier, read and decoded by CPU loader workers on every node that
/// prefetch ahead of the GPUs. Absent from a scenario whose data is already in memory.
/// </summary>
public sealed record DataPipeline
{
    /// <summary>Samples in the data set.</summary>
    public required long Samples { get; init; }

    /// <summary>Stored size of one sample.</summary>
    public required Bytes BytesPerSample { get; init; }

    /// <summary>The tier the data set is read from.</summary>
    public StorageTierKind Storage { get; init; } = StorageTierKind.LocalNvme;

    /// <summary>CPU loader workers per node.</summary>
    public required int WorkersPerNode { get; init; }

    /// <summary>CPU time one worker spends decoding and augmenting one sample.</summary>
    public Duration DecodeTimePerSample { get; init; } = Duration.Zero;

    /// <summary>Batches each worker prefetches (PyTorch DataLoader <c>prefetch_factor</c>, default 2).</summary>
    public int PrefetchDepth { get; init; } = 2;

    /// <summary>The whole data set's size.</summary>
    public Bytes DatasetSize => BytesPerSample * Samples;
}
