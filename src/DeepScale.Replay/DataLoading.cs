using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Replay;

/// <summary>
/// The input pipeline a replay runs beside the ranks that consume data: every loading rank has
/// <see cref="WorkersPerRank"/> host workers, each reading a micro-batch from the storage tier and decoding it on a
/// CPU core, with up to <see cref="PrefetchBatches"/> finished batches waiting (PyTorch DataLoader's
/// <c>num_workers</c> and <c>prefetch_factor</c>). A compute stream that finds no batch stalls.
/// </summary>
public sealed record DataLoading
{
    public required StorageTierKind Tier { get; init; }

    /// <summary>Bytes one rank reads per micro-batch.</summary>
    public required Bytes BatchBytes { get; init; }

    /// <summary>CPU time one worker spends decoding and augmenting one micro-batch.</summary>
    public required Duration DecodeTime { get; init; }

    public required int WorkersPerRank { get; init; }

    /// <summary>Finished batches that may wait for the compute stream.</summary>
    public required int PrefetchBatches { get; init; }
}
