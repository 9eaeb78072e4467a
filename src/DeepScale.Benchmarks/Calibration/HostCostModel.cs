using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;
using DeepScale.Workloads.Cost;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Predicts the time of any host micro-kernel case from a fitted <see cref="HostCpuProfile"/>: the in-memory kernels
/// through the blocked-GEMM and cache-level streaming model (<c>ComputeModel</c>), the loopback all-reduce by the
/// ring's α–β cost, file reads by per-request cost plus bytes over bandwidth, the peak probe by its FLOPs over the
/// peak.
/// </summary>
public sealed class HostCostModel
{
    private readonly double[] _vector;

    public HostCostModel(HostCpuProfile profile, HostFacts facts)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(facts);
        Profile = profile.Validated();
        Facts = facts.Validated();
        _vector = Vector(profile);
    }

    public HostCpuProfile Profile { get; }

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
            AllReduceShape a => (a.Steps * Profile.LinkLatency.Seconds) + (a.BytesMoved.Count / Profile.LinkBandwidth.BytesPerSecond),
            FileReadShape f when c.Cache == PageCacheMode.Evicted =>
                (f.Requests * Profile.StorageRequestLatency.Seconds) + (f.BytesMoved.Count / Profile.StorageBandwidth.BytesPerSecond),
            FileReadShape f => (f.Requests * Profile.ReadCallOverhead.Seconds) + (f.BytesMoved.Count / Profile.PageCacheBandwidth.BytesPerSecond),
            _ when c.Kernel == HostKernel.PeakFlops => c.Work.Flops.Flops
                / (c.Threads <= 1 ? Profile.PeakPerCore.FlopsPerSecond : Profile.PeakAllCores.FlopsPerSecond),
            _ => throw new ArgumentException($"host cost model: no model for {c}", nameof(c)),
        };
    }

    /// <summary>The in-memory kernels' parameters of a profile, in <c>ComputeModel</c> order and SI units.</summary>
    internal static double[] Vector(HostCpuProfile p)
    {
        double[] v = new double[ComputeModel.Count];
        v[ComputeModel.Launch] = p.LaunchOverhead.Seconds;
        v[ComputeModel.ForkJoin] = p.ForkJoinOverhead.Seconds;
        v[ComputeModel.GemmRate] = p.GemmCoreRate.FlopsPerSecond;
        v[ComputeModel.PackTranspose] = p.PackTransposeBandwidth.BytesPerSecond;
        v[ComputeModel.PackCopy] = p.PackCopyBandwidth.BytesPerSecond;
        v[ComputeModel.BandwidthL2] = p.L2Bandwidth.BytesPerSecond;
        v[ComputeModel.BandwidthL3] = p.L3Bandwidth.BytesPerSecond;
        v[ComputeModel.BandwidthDram] = p.DramBandwidth.BytesPerSecond;
        v[ComputeModel.Scaling] = p.SharedBandwidthScaling;
        v[ComputeModel.Unfold] = p.UnfoldBandwidth.BytesPerSecond;
        v[ComputeModel.Gelu] = p.GeluRate.FlopsPerSecond;
        v[ComputeModel.Reduction] = p.ReductionRate.FlopsPerSecond;
        v[ComputeModel.Softmax] = p.SoftmaxRate.FlopsPerSecond;
        v[ComputeModel.LayerNorm] = p.LayerNormRate.FlopsPerSecond;
        v[ComputeModel.Row] = p.RowOverhead.Seconds;
        v[ComputeModel.UpdateBandwidth] = p.GemmUpdateBandwidth.BytesPerSecond;
        v[ComputeModel.WakeUp] = p.CoreWakeUp.Seconds;
        v[ComputeModel.SingleStream] = p.SingleStreamFraction;
        v[ComputeModel.CrossCore] = p.CrossCoreBandwidth.BytesPerSecond;
        return v;
    }
}
