using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.HostLab.Kernels;
using DeepScale.Workloads.Cost;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Fits the host CPU's <see cref="HostCpuCostProfile"/> (the simulator's CPU kernel model, with the machine facts
/// taken as given) to measured kernel times. Pure: the same measurements and facts give the same profile, bit for bit.
/// </summary>
/// <remarks>
/// <para>Peak: the FMA probe's FLOPs over its time, on one thread and on the most threads measured.</para>
/// <para>In-memory kernels (GEMM, convolution, element-wise, reduction, row-wise, copy): one joint nonlinear least
/// squares (Levenberg–Marquardt) of the logarithm of predicted over measured time, so every case weighs by its
/// relative error. Parameters that must be positive are fitted as logarithms; the shared-bandwidth scaling is
/// kept in [1, cores] and the single-stream fraction in (0, 1]. The fixed launch cost is set mostly by the smallest cases, where nothing else is left.</para>
/// <para>Loopback link: α and β from the all-reduce cases by least squares on t = steps·α + bytes_on_wire/β, the
/// ring's 2(p−1) steps and 2(p−1)/p·S bytes per rank, from the rings with at most one process per core; the same pair
/// from the largest ring with more processes than cores, when one was measured (the oversubscribed link); and the
/// pair of a member's processor time from the rings run on one core, t = p·(steps·α_cpu + bytes/β_cpu), when
/// measured (the idle-core wake-up latency is then α − α_cpu). Storage: request latency and bandwidth from the evicted
/// file reads (t = requests·latency + bytes/bandwidth), and the same pair for the page cache from the warm ones.</para>
/// </remarks>
public static class HostProfileFitter
{
    /// <summary>Fits the profile. Throws <see cref="CalibrationFitException"/> when a group of parameters has no
    /// usable measurement (the message names the group).</summary>
    public static HostCalibrationFit Fit(IReadOnlyList<KernelMeasurement> measurements, HostFacts facts) =>
        Fit(measurements, facts, null);

    internal static HostCalibrationFit Fit(IReadOnlyList<KernelMeasurement> measurements, HostFacts facts, IReadOnlyList<double>? warmStart)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(facts);
        facts.Validated();
        IReadOnlyList<KernelMeasurement> sorted = MeasurementTable.Sorted(measurements.Select(m => m.Validated()));
        KernelCase? duplicate = sorted.GroupBy(m => (m.Case.Kernel, m.Case.Parameters)).FirstOrDefault(g => g.Count() > 1)?.First().Case;
        if (duplicate is not null)
        {
            throw new CalibrationFitException($"measurements: case {duplicate} appears more than once");
        }

        (FlopRate perCore, FlopRate allCores) = Peak(sorted);
        List<KernelMeasurement> compute = [.. sorted.Where(m => ComputeModel.Covers(m.Case.Kernel))];
        if (compute.Count == 0)
        {
            throw new CalibrationFitException("in-memory kernels: no GEMM, convolution, element-wise, reduction, row-wise or copy measurement");
        }

        double[] start = warmStart is { Count: ComputeModel.Count } w ? [.. w] : StartValues(compute, perCore);
        double[] vector = FitCompute(compute, facts, perCore, allCores, start, out List<string> unconstrained);

        (double alpha, double inverseBeta) = TwoTermFit.Fit(AllReduces(sorted, RingPlacement.Spread, r => r <= facts.Cores), "all_reduce (link α, β)");
        int oversubscribed = sorted.Select(m => m.Case.Work).OfType<AllReduceShape>()
            .Where(a => a.Placement == RingPlacement.Spread).Select(a => a.Ranks).Where(r => r > facts.Cores).DefaultIfEmpty(0).Max();
        (double alphaOver, double inverseBetaOver) = oversubscribed > 0
            ? TwoTermFit.Fit(AllReduces(sorted, RingPlacement.Spread, r => r == oversubscribed), $"all_reduce with {oversubscribed} processes on {facts.Cores} cores (oversubscribed link α, β)")
            : (0, 0);
        bool oneCore = sorted.Any(m => m.Case.Work is AllReduceShape { Placement: RingPlacement.OneCore });
        (double alphaCpu, double inverseBetaCpu) = oneCore
            ? TwoTermFit.Fit(AllReduces(sorted, RingPlacement.OneCore, _ => true), "all_reduce on one core (processor time α, β)")
            : (0, 0);
        (double requestLatency, double inverseStorage) = TwoTermFit.Fit(FileReads(sorted, PageCacheMode.Evicted), "file_read evicted (storage)");
        (double callOverhead, double inversePageCache) = TwoTermFit.Fit(FileReads(sorted, PageCacheMode.Warm), "file_read warm (page cache)");
        RequirePositive(inverseBeta, "all_reduce (link α, β): the bytes term vanished, β is unbounded");
        if (oversubscribed > 0)
        {
            RequirePositive(inverseBetaOver, "all_reduce oversubscribed (link α, β): the bytes term vanished, β is unbounded");
        }

        if (oneCore)
        {
            RequirePositive(inverseBetaCpu, "all_reduce on one core (processor time α, β): the bytes term vanished, β is unbounded");
        }

        RequirePositive(inverseStorage, "file_read evicted (storage): the bytes term vanished, the bandwidth is unbounded");
        RequirePositive(inversePageCache, "file_read warm (page cache): the bytes term vanished, the bandwidth is unbounded");

        HostCpuCostProfile profile;
        try
        {
            profile = new HostCpuCostProfile
            {
                Cores = facts.Cores,
                L2Cache = facts.L2Cache,
                LastLevelCache = facts.LastLevelCache,
                RegisterTileRows = facts.RegisterTileRows,
                RegisterTileColumns = facts.RegisterTileColumns,
                BlockDepth = facts.BlockDepth,
                BlockColumns = facts.BlockColumns,
                LaunchOverhead = Duration.FromSeconds(vector[ComputeModel.Launch]),
                ForkJoinOverhead = Duration.FromSeconds(vector[ComputeModel.ForkJoin]),
                PeakPerCore = perCore,
                PeakAllCores = allCores,
                GemmCoreRate = new FlopRate(vector[ComputeModel.GemmRate]),
                PackTransposeBandwidth = new ByteRate(vector[ComputeModel.PackTranspose]),
                PackCopyBandwidth = new ByteRate(vector[ComputeModel.PackCopy]),
                L2Bandwidth = new ByteRate(vector[ComputeModel.BandwidthL2]),
                L3Bandwidth = new ByteRate(vector[ComputeModel.BandwidthL3]),
                DramBandwidth = new ByteRate(vector[ComputeModel.BandwidthDram]),
                L3StoreBandwidth = new ByteRate(vector[ComputeModel.StoreL3]),
                DramStoreBandwidth = new ByteRate(vector[ComputeModel.StoreDram]),
                SharedBandwidthScaling = vector[ComputeModel.Scaling],
                UnfoldBandwidth = new ByteRate(vector[ComputeModel.Unfold]),
                GeluRate = new FlopRate(vector[ComputeModel.Gelu]),
                ReductionRate = new FlopRate(vector[ComputeModel.Reduction]),
                SoftmaxRate = new FlopRate(vector[ComputeModel.Softmax]),
                LayerNormRate = new FlopRate(vector[ComputeModel.LayerNorm]),
                RowOverhead = Duration.FromSeconds(vector[ComputeModel.Row]),
                GemmUpdateBandwidth = new ByteRate(vector[ComputeModel.UpdateBandwidth]),
                CoreWakeUp = Duration.FromSeconds(vector[ComputeModel.WakeUp]),
                SingleStreamFraction = vector[ComputeModel.SingleStream],
                CrossCoreBandwidth = new ByteRate(vector[ComputeModel.CrossCore]),
                LoopbackLatency = Duration.FromSeconds(alpha),
                LoopbackBandwidth = new ByteRate(1 / inverseBeta),
                OversubscribedLoopbackLatency = Duration.FromSeconds(alphaOver),
                OversubscribedLoopbackBandwidth = oversubscribed > 0 ? new ByteRate(1 / inverseBetaOver) : ByteRate.Zero,
                OversubscribedRanksPerCore = oversubscribed > 0 ? (double)oversubscribed / facts.Cores : 0,
                LoopbackCpuLatency = Duration.FromSeconds(alphaCpu),
                LoopbackCpuBandwidth = oneCore ? new ByteRate(1 / inverseBetaCpu) : ByteRate.Zero,
                StorageBandwidth = new ByteRate(1 / inverseStorage),
                StorageRequestLatency = Duration.FromSeconds(requestLatency),
                PageCacheBandwidth = new ByteRate(1 / inversePageCache),
                ReadCallOverhead = Duration.FromSeconds(callOverhead),
                Source = "fitted host micro-kernel model",
            }.Validated();
        }
        catch (ArgumentException e)
        {
            throw new CalibrationFitException($"the fitted profile is not valid ({e.Message})");
        }

        var model = new HostCostModel(profile, facts);
        List<FitResidual> residuals = [.. sorted.Select(m => new FitResidual(m.Case, m.Mean, model.Predict(m.Case)))];
        return new HostCalibrationFit(profile, facts, residuals, unconstrained) { ComputeVector = vector };
    }

    private static (FlopRate PerCore, FlopRate AllCores) Peak(IReadOnlyList<KernelMeasurement> sorted)
    {
        List<KernelMeasurement> probes = [.. sorted.Where(m => m.Case.Kernel == HostKernel.PeakFlops)];
        KernelMeasurement single = probes.FirstOrDefault(m => m.Case.Threads == 1)
            ?? throw new CalibrationFitException("peak_flops: no single-thread FMA probe measurement; the peak per core needs one");
        KernelMeasurement widest = probes.OrderByDescending(m => m.Case.Threads).First();
        FlopRate perCore = single.Case.Work.Flops / single.Mean;
        FlopRate all = widest.Case.Work.Flops / widest.Mean;
        return (perCore, all);
    }

    private static (double X, double Y, double T) Point(double x, double y, KernelMeasurement m) => (x, y, m.Mean.Seconds);

    /// <summary>
    /// The all-reduce cases of one placement as (steps, bytes, time) points of t = steps·α + bytes/β; on one core
    /// the members run one after another, so the point counts every member's steps and bytes (p times a member's).
    /// </summary>
    private static List<(double X, double Y, double T)> AllReduces(IReadOnlyList<KernelMeasurement> sorted, RingPlacement placement, Func<int, bool> ranks) =>
        [.. sorted.Where(m => m.Case.Work is AllReduceShape a && a.Placement == placement && ranks(a.Ranks))
            .Select(m =>
            {
                var a = (AllReduceShape)m.Case.Work;
                int members = placement == RingPlacement.OneCore ? a.Ranks : 1;
                return Point(members * a.Steps, members * a.BytesMoved.Count, m);
            })];

    private static List<(double X, double Y, double T)> FileReads(IReadOnlyList<KernelMeasurement> sorted, PageCacheMode cache) =>
        [.. sorted.Where(m => m.Case.Work is FileReadShape && m.Case.Cache == cache)
            .Select(m => Point(((FileReadShape)m.Case.Work).Requests, m.Case.Work.BytesMoved.Count, m))];

    private static void RequirePositive(double value, string message)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new CalibrationFitException(message);
        }
    }

    /// <summary>The joint fit of the in-memory kernels; also names the parameters no case depends on.</summary>
    private static double[] FitCompute(List<KernelMeasurement> cases, HostFacts facts, FlopRate perCore, FlopRate allCores, double[] start, out List<string> unconstrained)
    {
        var peak = new CpuPeaks(perCore, allCores);
        double[] measured = [.. cases.Select(m => m.Mean.Seconds)];
        double[] Residuals(double[] x)
        {
            double[] v = FromFree(x, facts.Cores);
            double[] r = new double[cases.Count];
            for (int i = 0; i < cases.Count; i++)
            {
                double t = ComputeModel.Seconds(cases[i].Case, v, facts, peak);
                r[i] = t > 0 && double.IsFinite(t) ? Math.Log(t / measured[i]) : 1e3;
            }

            return r;
        }

        double[] solution = FromFree(LevenbergMarquardt.Minimize(Residuals, ToFree(start, facts.Cores)), facts.Cores);
        unconstrained = [];
        for (int a = 0; a < ComputeModel.Count; a++)
        {
            if (a == ComputeModel.Scaling && facts.Cores == 1)
            {
                continue;
            }

            if (!cases.Any(m => DependsOn(m.Case, solution, a, facts, peak)))
            {
                unconstrained.Add(ComputeModel.Names[a]);
            }
        }

        return solution;
    }

    /// <summary>
    /// Whether a 1% change of parameter <paramref name="a"/> of the in-memory kernel model moves the predicted time of
    /// <paramref name="c"/> by more than a millionth; a parameter that moves no case is undetermined by the data.
    /// </summary>
    internal static bool DependsOn(KernelCase c, IReadOnlyList<double> vector, int a, HostFacts facts, CpuPeaks peak)
    {
        if (!ComputeModel.Covers(c.Kernel))
        {
            return false;
        }

        double[] at = [.. vector];
        double[] nudged = [.. vector];
        nudged[a] = a == ComputeModel.Scaling ? 1 + ((nudged[a] - 1) * 0.99) + 0.001 : nudged[a] * 0.99;
        double before = ComputeModel.Seconds(c, at, facts, peak);
        return Math.Abs(ComputeModel.Seconds(c, nudged, facts, peak) - before) > 1e-6 * before;
    }

    /// <summary>Logarithms of the positive parameters; the logit of the scaling within [1, cores].</summary>
    private static double[] ToFree(double[] v, int cores)
    {
        double[] x = new double[v.Length];
        for (int a = 0; a < v.Length; a++)
        {
            if (a == ComputeModel.Scaling)
            {
                double u = cores > 1 ? Math.Clamp((v[a] - 1) / (cores - 1), 1e-6, 1 - 1e-6) : 0.5;
                x[a] = Math.Log(u / (1 - u));
            }
            else if (a == ComputeModel.SingleStream)
            {
                double u = Math.Clamp(v[a], 1e-6, 1 - 1e-6);
                x[a] = Math.Log(u / (1 - u));
            }
            else
            {
                x[a] = Math.Log(Math.Max(v[a], 1e-300));
            }
        }

        return x;
    }

    /// <summary>
    /// Bound on the logarithm of a positive parameter (e^230 ≈ 10^100): a parameter no case constrains can drift
    /// without limit during the search, and must stay a finite number that the profile accepts; the fit reports it
    /// as unconstrained.
    /// </summary>
    private const double MaxLogMagnitude = 230;

    private static double[] FromFree(double[] x, int cores)
    {
        double[] v = new double[x.Length];
        for (int a = 0; a < x.Length; a++)
        {
            v[a] = a switch
            {
                ComputeModel.Scaling => 1 + ((cores - 1) / (1 + Math.Exp(-x[a]))),
                ComputeModel.SingleStream => 1 / (1 + Math.Exp(-x[a])),
                _ => Math.Exp(Math.Clamp(x[a], -MaxLogMagnitude, MaxLogMagnitude)),
            };
        }

        return v;
    }

    /// <summary>
    /// Where the search starts: rates and bandwidths read straight off the cases that depend on little else (the
    /// fastest GEMM, the streaming cases of each level, each operator's cases), fixed costs a fraction of the
    /// smallest case. Only a starting point: the fit moves every constrained parameter.
    /// </summary>
    private static double[] StartValues(List<KernelMeasurement> cases, FlopRate perCore)
    {
        double Best(Func<KernelMeasurement, bool> select, Func<KernelMeasurement, double> amount, double fallback)
        {
            double[] rates = [.. cases.Where(select).Select(m => amount(m) / m.Mean.Seconds).Where(r => r > 0)];
            return rates.Length > 0 ? rates.Max() : fallback;
        }

        double peak = perCore.FlopsPerSecond;
        double smallest = cases.Min(m => m.Mean.Seconds);
        bool Streaming(KernelMeasurement m) => m.Case.Threads == 1 && m.Case.Work switch
        {
            ElementwiseShape e => e.Op != ElementwiseOp.Gelu,
            MemoryCopyShape => true,
            _ => false,
        };
        double bytes(KernelMeasurement m) => m.Case.Work.BytesMoved.Count;
        double stream = Best(Streaming, bytes, peak / 4);
        double[] v = new double[ComputeModel.Count];
        v[ComputeModel.Launch] = 0.2 * smallest;
        v[ComputeModel.ForkJoin] = smallest;
        v[ComputeModel.GemmRate] = Best(m => m.Case.Kernel == HostKernel.Gemm && m.Case.Threads == 1, m => m.Case.Work.Flops.Flops, peak);
        v[ComputeModel.PackTranspose] = stream / 10;
        v[ComputeModel.PackCopy] = stream / 4;
        v[ComputeModel.BandwidthL2] = stream;
        v[ComputeModel.BandwidthL3] = stream / 2;
        v[ComputeModel.BandwidthDram] = stream / 5;
        v[ComputeModel.Scaling] = 1.5;
        v[ComputeModel.Unfold] = stream / 20;
        v[ComputeModel.Gelu] = Best(m => m.Case.Work is ElementwiseShape { Op: ElementwiseOp.Gelu }, m => m.Case.Work.Flops.Flops, peak / 10);
        v[ComputeModel.Reduction] = Best(m => m.Case.Kernel == HostKernel.Reduction, m => m.Case.Work.Flops.Flops, peak / 4);
        v[ComputeModel.Softmax] = Best(m => m.Case.Kernel == HostKernel.Softmax, m => m.Case.Work.Flops.Flops, peak / 10);
        v[ComputeModel.LayerNorm] = Best(m => m.Case.Kernel == HostKernel.LayerNorm, m => m.Case.Work.Flops.Flops, peak / 10);
        v[ComputeModel.Row] = 0.01 * smallest;
        v[ComputeModel.UpdateBandwidth] = stream / 10;
        v[ComputeModel.WakeUp] = 10 * smallest;
        v[ComputeModel.SingleStream] = 0.7;
        v[ComputeModel.CrossCore] = stream / 20;
        v[ComputeModel.StoreL3] = stream / 4;
        v[ComputeModel.StoreDram] = stream / 10;
        return v;
    }
}
