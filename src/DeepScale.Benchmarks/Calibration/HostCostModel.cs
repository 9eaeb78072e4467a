using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.HostLab.Kernels;
using DeepScale.Workloads.Cost;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Predicts the time of any host micro-kernel case from a fitted <see cref="HostCpuCostProfile"/>: the in-memory kernels
/// through the blocked-GEMM and cache-level streaming model (<c>ComputeModel</c>), the loopback all-reduce by the
/// ring's α–β cost, file reads by per-request cost plus bytes over bandwidth, the peak probe by its FLOPs over the
/// peak.
/// </summary>
public sealed class HostCostModel
{
    private readonly double[] _vector;

    public HostCostModel(HostCpuCostProfile profile, HostFacts facts)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(facts);
        Profile = profile.Validated();
        Facts = facts.Validated();
        _vector = CpuKernelModel.ParametersOf(profile);
    }

    public HostCpuCostProfile Profile { get; }

    public HostFacts Facts { get; }

    /// <summary>The predicted time of one invocation of <paramref name="c"/>.</summary>
    public Duration Predict(KernelCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return Duration.FromSeconds(Seconds(c));
    }

    internal double Seconds(KernelCase c)
    {
        if (ComputeModel.Covers(c.Kernel))
        {
            return ComputeModel.Seconds(c, _vector, Facts, new CpuPeaks(Profile.PeakPerCore, Profile.PeakAllCores));
        }

        return c.Work switch
        {
            // Ring all-reduce: 2(p−1) steps of α, and 2(p−1)/p·S bytes per rank over β (Thakur et al. 2005, section 4).
            // With more processes than cores, the oversubscribed ring's own pair. On one core the members' steps run
            // one after another: p times a member's processor time.
            AllReduceShape { Placement: RingPlacement.OneCore } a when Profile.HasLoopbackCpuTime =>
                a.Ranks * ((a.Steps * Profile.LoopbackCpuLatency.Seconds) + (a.BytesMoved.Count / Profile.LoopbackCpuBandwidth.BytesPerSecond)),
            AllReduceShape a when a.Ranks > Facts.Cores && Profile.HasOversubscribedLoopback =>
                (a.Steps * Profile.OversubscribedLoopbackLatency.Seconds) + (a.BytesMoved.Count / Profile.OversubscribedLoopbackBandwidth.BytesPerSecond),
            AllReduceShape a => (a.Steps * Profile.LoopbackLatency.Seconds) + (a.BytesMoved.Count / Profile.LoopbackBandwidth.BytesPerSecond),
            FileReadShape f when c.Cache == PageCacheMode.Evicted =>
                (f.Requests * Profile.StorageRequestLatency.Seconds) + (f.BytesMoved.Count / Profile.StorageBandwidth.BytesPerSecond),
            FileReadShape f => (f.Requests * Profile.ReadCallOverhead.Seconds) + (f.BytesMoved.Count / Profile.PageCacheBandwidth.BytesPerSecond),
            _ when c.Kernel == HostKernel.PeakFlops => c.Work.Flops.Flops
                / (c.Threads <= 1 ? Profile.PeakPerCore.FlopsPerSecond : Profile.PeakAllCores.FlopsPerSecond),
            _ => throw new ArgumentException($"host cost model: no model for {c}", nameof(c)),
        };
    }
}
