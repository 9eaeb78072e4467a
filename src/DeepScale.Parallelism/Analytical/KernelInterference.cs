using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Cost;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// What a collective running beside compute on the same GPU takes from it. NCCL runs a collective as one kernel of
/// one CTA per channel (its launch grid is the channel count; ncclConfig_t's minCTAs and maxCTAs bound it), and each
/// CTA stays resident on an SM until the collective ends. A compute kernel launched meanwhile spreads its thread
/// blocks over the SMs left, so with P SMs and c channels it runs P/(P − c) times as long: a fractional slowdown of
/// c/(P − c). Memory-bound kernels are charged the same (the collective also streams its bytes through HBM).
/// </summary>
public static class KernelInterference
{
    /// <summary>Fractional slowdown of compute that overlaps a collective on <paramref name="channels"/> channels, on a device of <paramref name="multiprocessors"/> SMs.</summary>
    public static double Slowdown(int multiprocessors, int channels)
    {
        if (multiprocessors <= 0 || channels <= 0)
        {
            return 0;
        }

        int left = Math.Max(1, multiprocessors - channels);
        return (multiprocessors - left) / (double)left;
    }

    /// <summary>
    /// The slowdown of stage <paramref name="stage"/>'s compute while its data-parallel group's collective runs
    /// beside it; none on a CPU, whose processes share cores instead.
    /// </summary>
    public static double DataParallel(ComputeCostModel cost, ICommunicationCost comm, int stage)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(comm);
        return cost.IsCpu ? 0 : Slowdown(cost.Profile.StreamingMultiprocessors, comm.Channels(GroupRole.Data, stage));
    }

    /// <summary>
    /// The slowdown of stage <paramref name="stage"/>'s compute beside a tensor-parallel collective holding
    /// <paramref name="channels"/> SMs, or its group's NCCL channels when 0 (<c>overlap.tp_comm</c>).
    /// </summary>
    public static double TensorParallel(ComputeCostModel cost, ICommunicationCost comm, int stage, int channels = 0)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(comm);
        return cost.IsCpu ? 0 : Slowdown(cost.Profile.StreamingMultiprocessors, channels > 0 ? channels : comm.Channels(GroupRole.Tensor, stage));
    }

    /// <summary>
    /// Extra compute time when work of <paramref name="compute"/> seconds (at full speed) runs beside a collective of
    /// <paramref name="collective"/> seconds that starts with it: while both run, compute progresses at 1/(1 + s).
    /// </summary>
    public static double Extra(double compute, double collective, double slowdown) =>
        slowdown <= 0 ? 0 : Math.Min(collective, compute * (1 + slowdown)) * slowdown / (1 + slowdown);
}
