using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// The cost model of in-memory kernels on a CPU core (GEMM, convolution, element-wise maps, reductions, row-wise
/// kernels, copies) as a function of a parameter vector in SI units (seconds, FLOP/s, bytes/s): the form a
/// calibration fit varies, and the form the simulator evaluates with the fitted host profile. Times are doubles of
/// seconds here, so that a fit's numerical derivatives do not see 10 ps tick rounding; callers turn them into
/// <see cref="Duration"/>s.
/// </summary>
/// <remarks>
/// <para>Memory: a kernel's working set (its compulsory bytes) decides the level it streams from: L2 up to the
/// per-core L2, L3 up to the last-level cache share, DRAM beyond. L2 is private, so T threads stream T times one
/// core's L2 bandwidth; beyond L2 they share, reaching <see cref="Scaling"/> times one core's bandwidth. Beyond
/// L2 a store to a line the kernel never reads first misses: the core fetches the line for ownership and later
/// writes it back (write-allocate; McCalpin, STREAM benchmark FAQ, "counting bytes": copy moves 3 words per
/// element, not 2). Such stores run at the level's own store bandwidth (<see cref="StoreL3"/>, <see cref="StoreDram"/>),
/// which a core's limited misses in flight set apart from its read bandwidth: each store miss holds its fill buffer
/// for a fetch and a write-back (Little's law); on the calibration machine a core stores fresh lines to DRAM at
/// about a quarter of the rate it streams reads. Stores to lines the kernel has just read (in-place updates) stream
/// like reads.</para>
/// <para>Single-pass maps overlap memory and arithmetic (roofline: the slower wins; Williams, Waterman and
/// Patterson 2009). Row-wise kernels make several passes over a row and serialise them: memory, arithmetic and
/// a per-row cost add up; and since only their first pass reads from beyond L2 and only their last one writes,
/// they stream one array at a time, like the reduction.</para>
/// <para>GEMM follows the blocked algorithm (Van Zee and van de Geijn 2015, BLIS; Low et al. 2016, ACM TOMS 43(2),
/// the analytical model): the register tiles of each thread's part of C are computed in full even at the edges
/// (MR×NR quantisation), A is packed once per column block and B once, both are read from the level their size
/// puts them in, and C is written once per k-block and read back for every k-block after the first. The phases do
/// not overlap, so their times add; the slowest thread's part sets the time.</para>
/// </remarks>
public static class CpuKernelModel
{
    public const int Launch = 0;
    public const int ForkJoin = 1;
    public const int GemmRate = 2;
    public const int PackTranspose = 3;
    public const int PackCopy = 4;
    public const int BandwidthL2 = 5;
    public const int BandwidthL3 = 6;
    public const int BandwidthDram = 7;
    public const int Scaling = 8;
    public const int Unfold = 9;
    public const int Gelu = 10;
    public const int Reduction = 11;
    public const int Softmax = 12;
    public const int LayerNorm = 13;
    public const int Row = 14;
    public const int UpdateBandwidth = 15;
    public const int WakeUp = 16;
    public const int SingleStream = 17;
    public const int CrossCore = 18;
    public const int StoreL3 = 19;
    public const int StoreDram = 20;

    /// <summary>Length of the parameter vector.</summary>
    public const int Count = 21;

    /// <summary>Parameter names, in index order (as fit reports print them).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "launch_overhead", "fork_join_overhead", "gemm_core_rate", "pack_transpose_bandwidth", "pack_copy_bandwidth",
        "l2_bandwidth", "l3_bandwidth", "dram_bandwidth", "shared_bandwidth_scaling", "unfold_bandwidth",
        "gelu_rate", "reduction_rate", "softmax_rate", "layer_norm_rate", "row_overhead", "gemm_update_bandwidth",
        "core_wake_up", "single_stream_fraction", "cross_core_bandwidth", "l3_store_bandwidth", "dram_store_bandwidth",
    ];

    private const double FloatBytes = CpuKernel.FloatBytes;

    private enum Level
    {
        L2,
        L3,
        Dram,
    }

    /// <summary>Seconds one call of <paramref name="kernel"/> takes on <paramref name="threads"/> threads.</summary>
    /// <param name="kernel">The kernel call.</param>
    /// <param name="threads">Threads the call may split over (GEMM, convolution and copy split; the others run on one).</param>
    /// <param name="p">Parameters in SI units, indexed by the constants of this class.</param>
    /// <param name="geometry">Cores, cache sizes and the GEMM blocking.</param>
    /// <param name="peaks">The FMA probe's rates.</param>
    public static double Seconds(CpuKernel kernel, int threads, ReadOnlySpan<double> p, CpuGeometry geometry, CpuPeaks peaks)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(geometry);
        if (p.Length != Count)
        {
            throw new ArgumentException($"cpu_kernel_model: {p.Length} parameters given, {Count} expected", nameof(p));
        }

        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"cpu_kernel_model.threads: {threads} must be at least 1");
        }

        return kernel switch
        {
            CpuGemm g => p[Launch] + GemmBody(g, threads, p, geometry, peaks),
            CpuConvolution c => ConvSeconds(c, threads, p, geometry, peaks),
            CpuMap m => p[Launch] + Math.Max(
                Stream(m.BytesMoved.Count, m.WriteOnlyBytes, 1, p, geometry, workingSet: m.WorkingSet),
                m.Flops.Flops / (m.Transcendental ? p[Gelu] : peaks.PerCore.FlopsPerSecond)),
            CpuReduction r => p[Launch] + Math.Max(Stream(r.BytesMoved.Count, 0, 1, p, geometry, streams: 1), r.Flops.Flops / p[Reduction]),
            CpuRowwise w => p[Launch] + (w.Rows * p[Row]) + Stream(w.BytesMoved.Count, FloatBytes * w.Elements, 1, p, geometry, streams: 1)
                + (w.Flops.Flops / p[w.LayerNorm ? LayerNorm : Softmax]),
            CpuCopy c => CopySeconds(c, threads, p, geometry),
            _ => throw new ArgumentException($"cpu_kernel_model: no model for {kernel.GetType().Name}", nameof(kernel)),
        };
    }

    /// <summary>The kernel parameters of a profile, in this model's order and SI units.</summary>
    public static double[] ParametersOf(HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        double[] v = new double[Count];
        v[Launch] = cpu.LaunchOverhead.Seconds;
        v[ForkJoin] = cpu.ForkJoinOverhead.Seconds;
        v[GemmRate] = cpu.GemmCoreRate.FlopsPerSecond;
        v[PackTranspose] = cpu.PackTransposeBandwidth.BytesPerSecond;
        v[PackCopy] = cpu.PackCopyBandwidth.BytesPerSecond;
        v[BandwidthL2] = cpu.L2Bandwidth.BytesPerSecond;
        v[BandwidthL3] = cpu.L3Bandwidth.BytesPerSecond;
        v[BandwidthDram] = cpu.DramBandwidth.BytesPerSecond;
        v[Scaling] = cpu.SharedBandwidthScaling;
        v[Unfold] = cpu.UnfoldBandwidth.BytesPerSecond;
        v[Gelu] = cpu.GeluRate.FlopsPerSecond;
        v[Reduction] = cpu.ReductionRate.FlopsPerSecond;
        v[Softmax] = cpu.SoftmaxRate.FlopsPerSecond;
        v[LayerNorm] = cpu.LayerNormRate.FlopsPerSecond;
        v[Row] = cpu.RowOverhead.Seconds;
        v[UpdateBandwidth] = cpu.GemmUpdateBandwidth.BytesPerSecond;
        v[WakeUp] = cpu.CoreWakeUp.Seconds;
        v[SingleStream] = cpu.SingleStreamFraction;
        v[CrossCore] = cpu.CrossCoreBandwidth.BytesPerSecond;
        (ByteRate storeL3, ByteRate storeDram) = cpu.StoreBandwidth;
        v[StoreL3] = storeL3.BytesPerSecond;
        v[StoreDram] = storeDram.BytesPerSecond;
        return v;
    }

    /// <summary>The facts of a profile the kernel model takes as given.</summary>
    public static CpuGeometry GeometryOf(HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new CpuGeometry(cpu.Cores, cpu.L2Cache, cpu.LastLevelCache, cpu.RegisterTileRows, cpu.RegisterTileColumns,
            cpu.BlockDepth, cpu.BlockColumns);
    }

    /// <summary>The FMA probe's rates of a profile.</summary>
    public static CpuPeaks PeaksOf(HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new CpuPeaks(cpu.PeakPerCore, cpu.PeakAllCores);
    }

    /// <summary>Seconds one call of <paramref name="kernel"/> takes on <paramref name="threads"/> threads of the host <paramref name="cpu"/>.</summary>
    public static double Seconds(CpuKernel kernel, int threads, HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return Seconds(kernel, threads, ParametersOf(cpu), GeometryOf(cpu), PeaksOf(cpu));
    }

    /// <summary>
    /// Seconds of a fused single-pass kernel known only by its traffic and arithmetic (for example an optimizer
    /// step): one launch, then the slower of moving <paramref name="bytes"/> (of which <paramref name="writeOnlyBytes"/>
    /// are stores to lines not read first) through the level its size puts it in, and the FLOPs at the vector peak.
    /// </summary>
    public static double StreamKernelSeconds(double bytes, double writeOnlyBytes, double flops, ReadOnlySpan<double> p, CpuGeometry geometry, CpuPeaks peaks)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return p[Launch] + Math.Max(Stream(bytes, writeOnlyBytes, 1, p, geometry), flops / peaks.PerCore.FlopsPerSecond);
    }

    /// <summary>GEMM time without the call's launch cost (a convolution pays one launch per image GEMM too).</summary>
    private static double GemmBody(CpuGemm s, int threads, ReadOnlySpan<double> p, CpuGeometry f, CpuPeaks peaks)
    {
        if (s.M == 0 || s.N == 0)
        {
            return 0;
        }

        if (s.K == 0)
        {
            return Stream(FloatBytes * s.ElementsC, FloatBytes * s.ElementsC, 1, p, f);
        }

        int mr = f.RegisterTileRows, nr = f.RegisterTileColumns;
        long tilesM = Ceil(s.M, mr), tilesN = Ceil(s.N, nr);
        bool splitColumns = tilesN >= tilesM;
        long tiles = splitColumns ? tilesN : tilesM;
        int parts = Parts(s, threads, f);
        long largest = Ceil(tiles, parts);
        double mp = splitColumns ? s.M : Math.Min(s.M, largest * mr);
        double np = splitColumns ? Math.Min(s.N, largest * nr) : s.N;
        double mTiled = Ceil((long)mp, mr) * (double)mr;
        double nTiled = Ceil((long)np, nr) * (double)nr;
        double columnBlocks = Ceil((long)np, f.BlockColumns);
        double kBlocks = Ceil(s.K, f.BlockDepth);

        double compute = 2 * mTiled * nTiled * s.K / (p[GemmRate] * peaks.ClockFactor(parts, f.Cores));
        double packedA = FloatBytes * columnBlocks * mTiled * s.K;
        double packedB = FloatBytes * s.K * nTiled;
        double pack = (packedA / p[s.TransposeA ? PackCopy : PackTranspose]) + (packedB / p[s.TransposeB ? PackTranspose : PackCopy]);
        double read = (FloatBytes * columnBlocks * mp * s.K / PerPart(LevelOf(FloatBytes * s.ElementsA, f), parts, p))
            + (FloatBytes * s.K * np / PerPart(LevelOf(FloatBytes * s.ElementsB, f), parts, p));
        double partC = FloatBytes * mp * np;
        double update;
        if (partC <= f.L2Cache.Count)
        {
            update = partC * ((2 * kBlocks) - 1) / p[BandwidthL2];
        }
        else
        {
            // Writes stream; the read-back of C before each later k-block waits on misses.
            double shared = (parts > 1 ? p[Scaling] : 1) / parts;
            update = (partC * kBlocks / PerPart(LevelOf(FloatBytes * s.ElementsC, f), parts, p))
                + (partC * (kBlocks - 1) / (p[UpdateBandwidth] * shared));
        }

        return (parts > 1 ? p[ForkJoin] : 0) + compute + pack + read + update;
    }

    /// <summary>Threads a GEMM is split over: at most one part per register-tile column of C, or per register-tile
    /// row when C has more tile rows than tile columns.</summary>
    private static int Parts(CpuGemm s, int threads, CpuGeometry f)
    {
        long tilesM = Ceil(s.M, f.RegisterTileRows), tilesN = Ceil(s.N, f.RegisterTileColumns);
        return (int)Math.Max(1, Math.Min(threads, tilesN >= tilesM ? tilesN : tilesM));
    }

    /// <summary>
    /// im2col of every image, then one GEMM per image (filters × patches), then the bias add. Between two image
    /// GEMMs the helper thread has idled through a single-threaded unfold, so a split GEMM first wakes a parked
    /// core (on a virtual machine an idle virtual CPU halts and must be rescheduled by the hypervisor), and the
    /// helper reads its share of the freshly written patch matrix from the other core's cache.
    /// </summary>
    private static double ConvSeconds(CpuConvolution s, int threads, ReadOnlySpan<double> p, CpuGeometry f, CpuPeaks peaks)
    {
        int outPlane = s.OutPixels;
        double unfold = FloatBytes * s.PatchSize * outPlane / p[Unfold];
        var shape = new CpuGemm(s.OutChannels, outPlane, s.PatchSize);
        int parts = Parts(shape, threads, f);
        double gemm = p[Launch] + GemmBody(shape, threads, p, f, peaks);
        if (parts > 1)
        {
            // The helper threads' share of the patch matrix was just written by the unfolding core: its lines
            // reach them by coherence transfers from that core's cache, not by streaming.
            gemm += p[WakeUp] + (FloatBytes * s.PatchSize * outPlane * (parts - 1) / parts / p[CrossCore]);
        }

        double bias = 2 * FloatBytes * s.OutChannels * outPlane / Bandwidth(Level.L2, 1, p);
        return p[Launch] + (s.Batch * (unfold + gemm + bias));
    }

    private static double CopySeconds(CpuCopy m, int threads, ReadOnlySpan<double> p, CpuGeometry f)
    {
        const int Page = 4096;
        int parts = (int)Math.Max(1, Math.Min(threads, Ceil(m.Length, Page)));
        return p[Launch] + (parts > 1 ? p[ForkJoin] : 0) + Stream(m.BytesMoved.Count, m.Length, parts, p, f);
    }

    /// <summary>
    /// Seconds to move <paramref name="bytes"/> on <paramref name="parts"/> threads, of which <paramref name="writeOnlyBytes"/>
    /// are stores to lines not read first (beyond L2 they run at the level's store bandwidth, the rest streams). A
    /// kernel with a single stream beyond L2 reaches only a fraction of the level's bandwidth: one core
    /// sustains as many misses in flight as its prefetchers run ahead, and they run ahead per stream (Little's law:
    /// bandwidth = bytes in flight / latency). The level is the one the kernel's distinct bytes
    /// (<paramref name="workingSet"/>, by default all it moves) fit in.
    /// </summary>
    private static double Stream(double bytes, double writeOnlyBytes, int parts, ReadOnlySpan<double> p, CpuGeometry f, int streams = 2,
        double? workingSet = null)
    {
        Level level = LevelOf(workingSet ?? bytes, f);
        double bandwidth = Bandwidth(level, parts, p) * (level != Level.L2 && streams == 1 ? p[SingleStream] : 1);
        return level == Level.L2
            ? bytes / bandwidth
            : ((bytes - writeOnlyBytes) / bandwidth) + (writeOnlyBytes / StoreBandwidth(level, parts, p));
    }

    private static Level LevelOf(double workingSet, CpuGeometry f) =>
        workingSet <= f.L2Cache.Count ? Level.L2 : workingSet <= f.LastLevelCache.Count ? Level.L3 : Level.Dram;

    /// <summary>Aggregate bandwidth of <paramref name="parts"/> threads streaming concurrently from a level.</summary>
    private static double Bandwidth(Level level, int parts, ReadOnlySpan<double> p) => level switch
    {
        Level.L2 => parts * p[BandwidthL2],
        Level.L3 => p[BandwidthL3] * (parts > 1 ? p[Scaling] : 1),
        _ => p[BandwidthDram] * (parts > 1 ? p[Scaling] : 1),
    };

    /// <summary>Aggregate rate of <paramref name="parts"/> threads storing to lines they have not read, beyond L2.</summary>
    private static double StoreBandwidth(Level level, int parts, ReadOnlySpan<double> p) =>
        (level == Level.L3 ? p[StoreL3] : p[StoreDram]) * (parts > 1 ? p[Scaling] : 1);

    private static double PerPart(Level level, int parts, ReadOnlySpan<double> p) => Bandwidth(level, parts, p) / parts;

    private static long Ceil(long value, long divisor) => (value + divisor - 1) / divisor;
}
