using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Workloads.Memory;

/// <summary>
/// One rank's memory at the peak of a training iteration, by part. Weights, gradients and optimizer states live
/// throughout; activations are those of the micro-batches in flight; temporaries are the largest transient buffers
/// that coexist with them; framework is the CUDA context and allocator fragmentation.
/// </summary>
public sealed record MemoryBreakdown
{
    /// <summary>Parameters this rank holds in full before sharding by ZeRO-3 (its pipeline stage, its tensor shard).</summary>
    public required long Parameters { get; init; }

    public required Bytes Weights { get; init; }

    public required Bytes Gradients { get; init; }

    public required Bytes OptimizerStates { get; init; }

    /// <summary>Activations of all micro-batches in flight.</summary>
    public required Bytes Activations { get; init; }

    /// <summary>Activations one micro-batch keeps through this stage.</summary>
    public required Bytes ActivationsPerMicrobatch { get; init; }

    /// <summary>Transient buffers, by name (<c>temporary.logits</c>, <c>temporary.recompute</c>, ...).</summary>
    public required ImmutableArray<MemoryComponent> Temporaries { get; init; }

    /// <summary>Framework overhead, by name (<c>framework.cuda_context</c>, <c>framework.fragmentation</c>).</summary>
    public required ImmutableArray<MemoryComponent> Framework { get; init; }

    public Bytes TemporaryTotal => new(Temporaries.Sum(c => c.Size.Count));

    public Bytes FrameworkTotal => new(Framework.Sum(c => c.Size.Count));

    /// <summary>Weights + gradients + optimizer states: the model state that does not depend on the batch.</summary>
    public Bytes ModelState => Weights + Gradients + OptimizerStates;

    /// <summary>The peak: every part added.</summary>
    public Bytes Peak => ModelState + Activations + TemporaryTotal + FrameworkTotal;

    /// <summary>Every part, in allocation order.</summary>
    public ImmutableArray<MemoryComponent> Components =>
    [
        new("weights", Weights), new("gradients", Gradients), new("optimizer_states", OptimizerStates),
        new("activations", Activations), .. Temporaries, .. Framework,
    ];

    /// <summary>Checks the peak against a capacity and names what overflows.</summary>
    public MemoryFit Fits(Bytes capacity)
    {
        if (capacity.Count <= 0 || !double.IsFinite(capacity.Count))
        {
            throw new Models.WorkloadSpecException("cluster.gpu.memory", $"{capacity} must be a positive capacity");
        }

        double running = 0;
        var overflowing = ImmutableArray.CreateBuilder<MemoryComponent>();
        foreach (MemoryComponent c in Components)
        {
            running += c.Size.Count;
            if (running > capacity.Count && c.Size.Count > 0)
            {
                overflowing.Add(c);
            }
        }

        return new MemoryFit(Peak <= capacity, capacity, Peak, overflowing.ToImmutable());
    }
}
