using DeepScale.Hardware.Catalog;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The outcome of fitting the host profile: the profile, the facts it was fitted with, every case's residual, and
/// the parameters no measurement constrains at the fitted point (a 1% change of one moves no predicted time: it
/// went to zero, or every case that uses it is bound by something else); their values should not be trusted.
/// </summary>
public sealed record HostCalibrationFit(
    HostCpuProfile Profile,
    HostFacts Facts,
    IReadOnlyList<FitResidual> Residuals,
    IReadOnlyList<string> UnconstrainedParameters)
{
    /// <summary>The in-memory kernels' parameter vector in SI units (a warm start for refits).</summary>
    internal IReadOnlyList<double> ComputeVector { get; init; } = [];

    /// <summary>Root mean square of the relative errors, in percent.</summary>
    public double RmsErrorPercent => Residuals.Count == 0 ? 0 : Math.Sqrt(Residuals.Average(r => r.ErrorPercent * r.ErrorPercent));

    /// <summary>The largest relative error, in percent (absolute value).</summary>
    public double MaxAbsErrorPercent => Residuals.Count == 0 ? 0 : Residuals.Max(r => Math.Abs(r.ErrorPercent));

    /// <summary>The fit as the simulator's CPU kernel model reads it (the <c>cpu_model</c> section of host-cpu.json).</summary>
    public HostCpuCostProfile CostProfile() => new()
    {
        Cores = Facts.Cores,
        L2Cache = Facts.L2Cache,
        LastLevelCache = Facts.LastLevelCache,
        RegisterTileRows = Facts.RegisterTileRows,
        RegisterTileColumns = Facts.RegisterTileColumns,
        BlockDepth = Facts.BlockDepth,
        BlockColumns = Facts.BlockColumns,
        PeakPerCore = Profile.PeakPerCore,
        PeakAllCores = Profile.PeakAllCores,
        LaunchOverhead = Profile.LaunchOverhead,
        ForkJoinOverhead = Profile.ForkJoinOverhead,
        GemmCoreRate = Profile.GemmCoreRate,
        PackTransposeBandwidth = Profile.PackTransposeBandwidth,
        PackCopyBandwidth = Profile.PackCopyBandwidth,
        L2Bandwidth = Profile.L2Bandwidth,
        L3Bandwidth = Profile.L3Bandwidth,
        DramBandwidth = Profile.DramBandwidth,
        SharedBandwidthScaling = Profile.SharedBandwidthScaling,
        UnfoldBandwidth = Profile.UnfoldBandwidth,
        GeluRate = Profile.GeluRate,
        ReductionRate = Profile.ReductionRate,
        SoftmaxRate = Profile.SoftmaxRate,
        LayerNormRate = Profile.LayerNormRate,
        RowOverhead = Profile.RowOverhead,
        GemmUpdateBandwidth = Profile.GemmUpdateBandwidth,
        CoreWakeUp = Profile.CoreWakeUp,
        SingleStreamFraction = Profile.SingleStreamFraction,
        CrossCoreBandwidth = Profile.CrossCoreBandwidth,
        LoopbackLatency = Profile.LinkLatency,
        LoopbackBandwidth = Profile.LinkBandwidth,
        StorageBandwidth = Profile.StorageBandwidth,
        StorageRequestLatency = Profile.StorageRequestLatency,
        PageCacheBandwidth = Profile.PageCacheBandwidth,
        ReadCallOverhead = Profile.ReadCallOverhead,
        Source = "fitted host micro-kernel model",
    };
}
