using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;

namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// The collectives of ZeRO stage 3 / FSDP full sharding for one layer: the all-gathers of its 16-bit parameter
/// shards and the reduce-scatters of its gradients, a whole layer at a time or one parameter tensor at a time in
/// PyTorch's list form (<see cref="ZeroGranularity"/>), with the copies the list form adds.
/// </summary>
internal readonly struct ShardedParameters(TrainingLayout layout, ComputeCostModel cost)
{
    /// <summary>Parameters are sharded and gathered before each use.</summary>
    public bool Active => layout.ZeroStage >= 3 && layout.ShardGroup > 1;

    /// <summary>Bytes per gradient element in the data-parallel reduction.</summary>
    public double GradientBytes => GradientBytesOf(layout);

    /// <summary>The gradient element of the layout's precision (<see cref="MemoryAccountant.GradientBytes"/>).</summary>
    public static double GradientBytesOf(TrainingLayout layout) => MemoryAccountant.GradientBytes(layout.Precision);

    /// <summary>Element counts of the layer's collectives: the whole layer, or each parameter tensor in order.</summary>
    public static IEnumerable<long> Pieces(IEnumerable<Operator> operators, ZeroGranularity granularity)
    {
        if (granularity == ZeroGranularity.Layer)
        {
            long total = operators.Sum(o => o.Parameters);
            return total > 0 ? [total] : [];
        }

        return operators.SelectMany(o => o.TensorSizes).Where(n => n > 0);
    }

    /// <summary>Element counts of one layer's collectives under this layout.</summary>
    public IEnumerable<long> Pieces(LayerAccount layer) => Pieces(layer.Operators, layout.ZeroGranularity);

    /// <summary>The all-gathered bytes of <paramref name="elements"/> parameters.</summary>
    public Bytes GatherBytes(long elements) => new(elements * (double)layout.Precision.BytesPerElement());

    /// <summary>The reduce-scattered bytes of <paramref name="elements"/> gradients.</summary>
    public Bytes ReduceBytes(long elements) => new(elements * GradientBytes);

    /// <summary>
    /// The list form's copies around one collective of <paramref name="bytes"/>: one copy kernel per rank of the
    /// data-parallel group, each moving that rank's part (read and write); zero for flat-buffer collectives.
    /// </summary>
    public Duration ListCopies(Bytes bytes)
    {
        if (layout.ZeroGranularity != ZeroGranularity.Tensor || !Active)
        {
            return Duration.Zero;
        }

        int ranks = layout.ShardGroup;
        return cost.MemoryBoundKernelTime(new Bytes(2 * bytes.Count / ranks), FlopCount.Zero) * ranks;
    }

    /// <summary>
    /// Seconds of one layer's parameter gather and gradient reduce-scatter on <paramref name="stage"/>'s data group:
    /// the collectives of <paramref name="pieces"/> (element counts) one after another, with their list copies, and
    /// of that the time on the wire, which another transfer over the same links slows. The wire part of a
    /// collective is its marginal cost: twice what its second half of the bytes adds (α + S/β − (α + S/2β) = S/2β).
    /// </summary>
    public LayerTransfers Seconds(ReadOnlySpan<long> pieces, ICommunicationCost comm, int stage)
    {
        var sum = default(LayerTransfers);
        foreach (long n in pieces)
        {
            Bytes g = GatherBytes(n), r = ReduceBytes(n);
            Duration gather = comm.Collective(CollectiveOp.AllGather, GroupRole.Data, stage, g);
            Duration reduce = comm.Collective(CollectiveOp.ReduceScatter, GroupRole.Data, stage, r);
            double gatherWire = 2 * (gather - comm.Collective(CollectiveOp.AllGather, GroupRole.Data, stage, g / 2)).Seconds;
            double reduceWire = 2 * (reduce - comm.Collective(CollectiveOp.ReduceScatter, GroupRole.Data, stage, r / 2)).Seconds;
            sum = new LayerTransfers(
                sum.Gather + (gather + ListCopies(g)).Seconds,
                sum.Reduce + (reduce + ListCopies(r)).Seconds,
                sum.GatherWire + Math.Clamp(gatherWire, 0, gather.Seconds),
                sum.ReduceWire + Math.Clamp(reduceWire, 0, reduce.Seconds));
        }

        return sum;
    }

    /// <summary>
    /// Communication a micro-batch's pass over a slice leaves exposed, from each layer's transfers and its forward
    /// and backward (with recompute) seconds, in forward order. Every layer's parameters are gathered before its
    /// forward and again before its backward; its gradients are reduce-scattered on the data stream once its backward
    /// ends. Blocking gathers are exposed whole; prefetched ones (one layer ahead) where a gather outlasts the
    /// neighbouring layer's compute, plus the first one's. A backward gather is slowed by the reduce-scatter of the
    /// layer after it, which shares its links (at equal shares each runs at half speed while both are on the wire).
    /// </summary>
    public static double Exposed(ReadOnlySpan<LayerTransfers> transfers, ReadOnlySpan<double> forward, ReadOnlySpan<double> backward,
        bool prefetch, double slowdown = 0)
    {
        int n = transfers.Length;
        if (n == 0)
        {
            return 0;
        }

        // Forward: blocking gathers are exposed whole; a prefetched one where it outlasts the previous layer's compute,
        // or where it slows that compute by the SMs it holds (KernelInterference), whichever costs more.
        double exposed = 0;
        for (int k = 0; k < n; k++)
        {
            double gather = transfers[k].Gather;
            exposed += !prefetch || k == 0 ? gather : Beside(forward[k - 1], gather, slowdown);
        }

        // Backward, last layer first: each gather shares the links with the reduce-scatter of the layer after it.
        // What the data stream has left of the reduce-scatters when the compute stream's last backward ends is
        // exposed too (a two-stage flow shop: each starts at the later of its layer's end and the previous one's).
        double tail = 0, reduced = 0, computeAfter = 0, backwardTotal = 0, backwardGathers = 0;
        for (int k = 0; k < n; k++)
        {
            LayerTransfers t = transfers[k];
            double gather = t.Gather + (k + 1 < n ? Math.Min(t.GatherWire, transfers[k + 1].ReduceWire) : 0);
            double gatherExposed = !prefetch || k == n - 1 ? gather : Beside(backward[k + 1], gather, slowdown);
            backwardGathers += gatherExposed;
            reduced += t.Reduce;
            tail = Math.Max(tail, reduced - computeAfter);
            computeAfter += gatherExposed + backward[k];
            backwardTotal += backward[k];
        }

        // The reduce-scatters beside the backward passes slow them. Compute that waited for a prefetched gather or for
        // the data stream's tail had time to spare, so the delay shows only where it outlasts those waits; a blocking
        // gather is not a spare moment (compute cannot run beside it).
        double spare = (prefetch ? backwardGathers : 0) + tail;
        return exposed + backwardGathers + tail + Math.Max(0, KernelInterference.Extra(backwardTotal, reduced, slowdown) - spare);
    }

    /// <summary>What a prefetched transfer beside <paramref name="compute"/> seconds adds to that compute.</summary>
    private static double Beside(double compute, double transfer, double slowdown) =>
        Math.Max(Math.Max(0, transfer - compute), KernelInterference.Extra(compute, transfer, slowdown));
}
