using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The host cost model of the in-memory kernels (GEMM, convolution, element-wise, reduction, row-wise, copy) as a
/// function of a parameter vector in SI units (seconds, FLOP/s, bytes/s): the form the fitter varies. Times are
/// doubles of seconds here, so that the fit's numerical derivatives do not see 10 ps tick rounding;
/// <see cref="HostCostModel"/> turns them into <see cref="Core.Units.Duration"/>s.
/// </summary>
/// <remarks>
/// <para>Memory: a kernel's working set (its compulsory bytes) decides the level it streams from: L2 up to the
/// per-core L2, L3 up to the last-level cache share, DRAM beyond. L2 is private, so T threads stream T times one
/// core's L2 bandwidth; beyond L2 they share, reaching <see cref="Scaling"/> times one core's bandwidth. Beyond
/// L2 a store to a line the kernel never reads first fetches it (write-allocate), so those bytes count twice
/// (McCalpin, STREAM benchmark FAQ, "counting bytes": copy moves 3 words per element, not 2).</para>
/// <para>Single-pass maps overlap memory and arithmetic (roofline: the slower wins; Williams, Waterman and
/// Patterson 2009). Row-wise kernels make several passes over a row and serialise them: memory, arithmetic and
/// a per-row cost add up; and since only their first pass reads from beyond L2 and only their last one writes,
/// they stream one array at a time, like the reduction.</para>
/// <para>GEMM follows the blocked algorithm it times (Van Zee and van de Geijn 2015, BLIS; Low et al. 2016,
/// ACM TOMS 43(2), the analytical model): the register tiles of each thread's part of C are computed in full
/// even at the edges (MR×NR quantisation), A is packed once per column block and B once, both are read from the
/// level their size puts them in, and C is written once per k-block and read back for every k-block after the
/// first. The phases do not overlap, so their times add; the slowest thread's part sets the time.</para>
/// </remarks>
internal static class ComputeModel
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
    public const int Count = 19;

    /// <summary>Parameter names, in index order (as the fit report prints them).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "launch_overhead", "fork_join_overhead", "gemm_core_rate", "pack_transpose_bandwidth", "pack_copy_bandwidth",
        "l2_bandwidth", "l3_bandwidth", "dram_bandwidth", "shared_bandwidth_scaling", "unfold_bandwidth",
        "gelu_rate", "reduction_rate", "softmax_rate", "layer_norm_rate", "row_overhead", "gemm_update_bandwidth",
        "core_wake_up", "single_stream_fraction", "cross_core_bandwidth",
    ];

    private const double FloatBytes = sizeof(float);

    private enum Level
    {
        L2,
        L3,
        Dram,
    }

    /// <summary>True for the kernels this model times.</summary>
    public static bool Covers(HostKernel kernel) => kernel is HostKernel.Gemm or HostKernel.Conv2d or HostKernel.Elementwise
        or HostKernel.Reduction or HostKernel.Softmax or HostKernel.LayerNorm or HostKernel.MemoryCopy;

    /// <summary>Seconds one invocation of <paramref name="c"/> takes under parameters <paramref name="p"/>.</summary>
    /// <param name="c">The case.</param>
    /// <param name="p">Parameters in SI units, indexed by the constants of this class.</param>
    /// <param name="facts">Cache sizes, cores and the GEMM blocking.</param>
    /// <param name="peaks">The FMA probe's rates: per core on one thread, and over all cores.</param>
    public static double Seconds(KernelCase c, ReadOnlySpan<double> p, HostFacts facts, Peaks peaks)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(facts);
        if (p.Length != Count)
        {
            throw new ArgumentException($"compute_model: {p.Length} parameters given, {Count} expected", nameof(p));
        }

        return c.Work switch
        {
            GemmShape g => p[Launch] + GemmBody(g, c.Threads, p, facts, peaks),
            Conv2dShape s => ConvSeconds(s, c.Threads, p, facts, peaks),
            ElementwiseShape e => p[Launch] + Math.Max(
                Stream(e.BytesMoved.Count, e.Op == ElementwiseOp.Axpy ? 0 : FloatBytes * e.Length, 1, p, facts),
                e.Flops.Flops / (e.Op == ElementwiseOp.Gelu ? p[Gelu] : peaks.PerCore)),
            ReductionShape r => p[Launch] + Math.Max(Stream(r.BytesMoved.Count, 0, 1, p, facts, streams: 1), r.Flops.Flops / p[Reduction]),
            RowwiseShape w => p[Launch] + (w.Rows * p[Row]) + Stream(w.BytesMoved.Count, FloatBytes * w.Elements, 1, p, facts, streams: 1)
                + (w.Flops.Flops / p[w.Op == RowwiseOp.Softmax ? Softmax : LayerNorm]),
            MemoryCopyShape m => CopySeconds(m, c.Threads, p, facts),
            _ => throw new ArgumentException($"compute_model: {c.KernelName} is not an in-memory kernel", nameof(c)),
        };
    }

    /// <summary>GEMM time without the call's launch cost (a convolution pays one launch per image GEMM too).</summary>
    private static double GemmBody(GemmShape s, int threads, ReadOnlySpan<double> p, HostFacts f, Peaks peaks)
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

    /// <summary>The FMA probe's peak rates, in FLOP/s.</summary>
    /// <param name="PerCore">One thread on one core.</param>
    /// <param name="AllCores">One thread on every core.</param>
    public readonly record struct Peaks(double PerCore, double AllCores)
    {
        /// <summary>
        /// Each core's rate with <paramref name="active"/> cores busy, relative to one busy core: a processor's
        /// boost clock falls as more cores draw power. Measured by the probe at 1 and all cores, linear between.
        /// </summary>
        public double ClockFactor(int active, int cores)
        {
            if (active <= 1 || cores <= 1)
            {
                return 1;
            }

            double all = Math.Min(1, AllCores / (cores * PerCore));
            return 1 + ((all - 1) * (Math.Min(active, cores) - 1) / (cores - 1));
        }
    }

    /// <summary>Threads a GEMM is split over (as the HostLab GEMM splits it): at most one part per register-tile
    /// column of C, or per register-tile row when C has more tile rows than tile columns.</summary>
    private static int Parts(GemmShape s, int threads, HostFacts f)
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
    private static double ConvSeconds(Conv2dShape s, int threads, ReadOnlySpan<double> p, HostFacts f, Peaks peaks)
    {
        int outPlane = s.OutHeight * s.OutWidth;
        double unfold = FloatBytes * s.PatchSize * outPlane / p[Unfold];
        var shape = new GemmShape(s.OutChannels, outPlane, s.PatchSize);
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

    private static double CopySeconds(MemoryCopyShape m, int threads, ReadOnlySpan<double> p, HostFacts f)
    {
        const int Page = 4096;
        int parts = (int)Math.Max(1, Math.Min(threads, Ceil(m.Length, Page)));
        double bytes = m.BytesMoved.Count;
        Level level = LevelOf(bytes, f);
        double moved = bytes + (level == Level.L2 ? 0 : m.Length);
        return p[Launch] + (parts > 1 ? p[ForkJoin] : 0) + (moved / Bandwidth(level, parts, p));
    }

    /// <summary>
    /// Seconds to stream <paramref name="bytes"/> (plus the write-allocate bytes beyond L2) on <paramref name="parts"/>
    /// threads. A kernel with a single stream beyond L2 reaches only a fraction of the level's bandwidth: one core
    /// sustains as many misses in flight as its prefetchers run ahead, and they run ahead per stream (Little's law:
    /// bandwidth = bytes in flight / latency).
    /// </summary>
    private static double Stream(double bytes, double writeOnlyBytes, int parts, ReadOnlySpan<double> p, HostFacts f, int streams = 2)
    {
        Level level = LevelOf(bytes, f);
        double bandwidth = Bandwidth(level, parts, p) * (level != Level.L2 && streams == 1 ? p[SingleStream] : 1);
        return (bytes + (level == Level.L2 ? 0 : writeOnlyBytes)) / bandwidth;
    }

    private static Level LevelOf(double workingSet, HostFacts f) =>
        workingSet <= f.L2Cache.Count ? Level.L2 : workingSet <= f.LastLevelCache.Count ? Level.L3 : Level.Dram;

    /// <summary>Aggregate bandwidth of <paramref name="parts"/> threads streaming concurrently from a level.</summary>
    private static double Bandwidth(Level level, int parts, ReadOnlySpan<double> p) => level switch
    {
        Level.L2 => parts * p[BandwidthL2],
        Level.L3 => p[BandwidthL3] * (parts > 1 ? p[Scaling] : 1),
        _ => p[BandwidthDram] * (parts > 1 ? p[Scaling] : 1),
    };

    private static double PerPart(Level level, int parts, ReadOnlySpan<double> p) => Bandwidth(level, parts, p) / parts;

    private static long Ceil(long value, long divisor) => (value + divisor - 1) / divisor;
}
