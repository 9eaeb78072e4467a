using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// The host CPU as the simulator's CPU kernel model sees it: what the calibration takes as given (cores, cache
/// sizes, the GEMM's register tile and blocking), the fitted kernel parameters (launch and fork-join costs, the FMA
/// peak, the GEMM micro-kernel rate and its packing bandwidths, the streaming bandwidth of each memory level and
/// its scaling over cores, the element-wise operators' rates), the loopback link's α and β, and the storage and
/// page-cache read paths. The host calibration fits it from measured micro-kernel times and writes it to, and the
/// simulator reads it from, the <c>cpu_model</c> section of <c>host-cpu.json</c>; without one (an older
/// file, or no calibration at all) it is the roofline of the device's peak and memory bandwidth
/// (<see cref="Roofline"/>), flagged <see cref="IsPlaceholder"/>. Immutable.
/// </summary>
public sealed record HostCpuCostProfile
{
    /// <summary>Logical processors: the cores a multi-threaded kernel may split over and that worker processes share.</summary>
    public required int Cores { get; init; }

    /// <summary>Level-2 cache per core.</summary>
    public required Bytes L2Cache { get; init; }

    /// <summary>The share of the last-level cache the cores use.</summary>
    public required Bytes LastLevelCache { get; init; }

    /// <summary>MR: rows of C one GEMM micro-kernel call computes.</summary>
    public required int RegisterTileRows { get; init; }

    /// <summary>NR: columns of C one GEMM micro-kernel call computes.</summary>
    public required int RegisterTileColumns { get; init; }

    /// <summary>KC: k-block depth of the packed GEMM operands.</summary>
    public required int BlockDepth { get; init; }

    /// <summary>NC: columns of B packed per block.</summary>
    public required int BlockColumns { get; init; }

    /// <summary>Peak FP32 rate of one core (the FMA probe on one thread).</summary>
    public required FlopRate PeakPerCore { get; init; }

    /// <summary>Peak FP32 rate of all cores (the FMA probe on every core).</summary>
    public required FlopRate PeakAllCores { get; init; }

    /// <summary>Fixed cost of one kernel call (argument checks, pinning, dispatch), paid even by an empty call.</summary>
    public required Duration LaunchOverhead { get; init; }

    /// <summary>Extra fixed cost of a call that splits its work over more than one thread (fork and join).</summary>
    public required Duration ForkJoinOverhead { get; init; }

    /// <summary>Rate of the GEMM micro-kernel on full register tiles, one core (peak × matmul ceiling).</summary>
    public required FlopRate GemmCoreRate { get; init; }

    /// <summary>GEMM operand packing that transposes the layout (A stored M×K, B stored N×K): packed bytes per second.</summary>
    public required ByteRate PackTransposeBandwidth { get; init; }

    /// <summary>GEMM operand packing that keeps the layout (A stored K×M, B stored K×N): packed bytes per second.</summary>
    public required ByteRate PackCopyBandwidth { get; init; }

    /// <summary>Streaming bandwidth of one core on a working set that fits its L2.</summary>
    public required ByteRate L2Bandwidth { get; init; }

    /// <summary>Streaming bandwidth of one core on a working set that fits the last-level cache.</summary>
    public required ByteRate L3Bandwidth { get; init; }

    /// <summary>Streaming bandwidth of one core from DRAM.</summary>
    public required ByteRate DramBandwidth { get; init; }

    /// <summary>
    /// Bytes per second one core stores to lines of a last-level-cache working set that it has not read first: each
    /// store misses, fetches the line for ownership and later writes it back. Zero: not measured, and such a store
    /// then costs two streamed bytes (<see cref="StoreBandwidth"/>).
    /// </summary>
    public ByteRate L3StoreBandwidth { get; init; }

    /// <summary>The same for a working set beyond the last-level cache (stores that miss to DRAM); zero when not measured.</summary>
    public ByteRate DramStoreBandwidth { get; init; }

    /// <summary>
    /// The store bandwidth the kernel model uses beyond L2: the measured one, or without a measurement half the
    /// level's streaming bandwidth (a write-allocate store moves the line twice: McCalpin, STREAM FAQ, "counting bytes").
    /// </summary>
    public (ByteRate L3, ByteRate Dram) StoreBandwidth => (
        L3StoreBandwidth.BytesPerSecond > 0 ? L3StoreBandwidth : L3Bandwidth / 2,
        DramStoreBandwidth.BytesPerSecond > 0 ? DramStoreBandwidth : DramBandwidth / 2);

    /// <summary>Aggregate bandwidth beyond L2 of two or more threads over that of one, in [1, cores] (1 = no gain; L2
    /// is private per core and always scales with the threads).</summary>
    public required double SharedBandwidthScaling { get; init; }

    /// <summary>im2col unfolding: bytes of patch matrix written per second.</summary>
    public required ByteRate UnfoldBandwidth { get; init; }

    /// <summary>Arithmetic rate of transcendental maps (the tanh-form GELU, 13 counted FLOPs per element).</summary>
    public required FlopRate GeluRate { get; init; }

    /// <summary>Arithmetic rate of the sum reduction.</summary>
    public required FlopRate ReductionRate { get; init; }

    /// <summary>Arithmetic rate of the row softmax (5 counted FLOPs per element).</summary>
    public required FlopRate SoftmaxRate { get; init; }

    /// <summary>Arithmetic rate of the row layer norm (8 counted FLOPs per element).</summary>
    public required FlopRate LayerNormRate { get; init; }

    /// <summary>Fixed cost per row of a row-wise kernel (reductions across the vector, scalar tails).</summary>
    public required Duration RowOverhead { get; init; }

    /// <summary>GEMM: bandwidth of reading C tiles back before each later k-block once C outgrows a core's L2 (each
    /// micro-kernel call loads MR rows of C a row stride apart: latency-bound, not streaming).</summary>
    public required ByteRate GemmUpdateBandwidth { get; init; }

    /// <summary>Time to wake a parked core for a split GEMM after a single-threaded phase (thread-pool worker
    /// blocked, virtual CPU halted).</summary>
    public required Duration CoreWakeUp { get; init; }

    /// <summary>Fraction of a level's bandwidth beyond L2 that a kernel with a single memory stream reaches, in (0, 1].</summary>
    public required double SingleStreamFraction { get; init; }

    /// <summary>Bandwidth at which a core reads data another core has just written (coherence transfers).</summary>
    public required ByteRate CrossCoreBandwidth { get; init; }

    /// <summary>Loopback link latency α: the fixed cost of one ring step between worker processes.</summary>
    public required Duration LoopbackLatency { get; init; }

    /// <summary>Loopback link bandwidth β: bytes a worker sends per second within a ring step.</summary>
    public required ByteRate LoopbackBandwidth { get; init; }

    /// <summary>
    /// Loopback α of a ring with more worker processes than cores (<see cref="OversubscribedRanksPerCore"/> per core):
    /// the wall time one ring step adds, measured with every process of the ring on the shared cores. Zero with
    /// <see cref="OversubscribedLoopbackBandwidth"/> zero: not measured.
    /// </summary>
    public Duration OversubscribedLoopbackLatency { get; init; }

    /// <summary>Loopback β of the oversubscribed ring: bytes each process moves per second of wall time in a step;
    /// zero when not measured.</summary>
    public ByteRate OversubscribedLoopbackBandwidth { get; init; }

    /// <summary>Worker processes per core of the oversubscribed ring measurement (0: not measured).</summary>
    public double OversubscribedRanksPerCore { get; init; }

    /// <summary>True when the oversubscribed loopback costs were measured.</summary>
    public bool HasOversubscribedLoopback => OversubscribedLoopbackBandwidth.BytesPerSecond > 0 && OversubscribedRanksPerCore > 1;

    /// <summary>
    /// Processor time α of one ring step for one member: measured with every process of the ring on one core, where
    /// the members' steps run one after another and no core sits idle. Zero with <see cref="LoopbackCpuBandwidth"/>
    /// zero: not measured.
    /// </summary>
    public Duration LoopbackCpuLatency { get; init; }

    /// <summary>Processor time β of a ring step: bytes a member moves per second of its own core's time; zero when
    /// not measured.</summary>
    public ByteRate LoopbackCpuBandwidth { get; init; }

    /// <summary>True when the loopback ring's processor time was measured apart from its wall time.</summary>
    public bool HasLoopbackCpuTime => LoopbackCpuBandwidth.BytesPerSecond > 0;

    /// <summary>
    /// How long a process blocked on a socket takes to run again on an idle core once its data arrives (the
    /// scheduler's wake-up, and on a virtual machine the idle virtual CPU's exit from halt): what a ring step spread
    /// over the cores takes beyond a member's processor time, α − α_cpu. Zero when the processor time was not measured.
    /// </summary>
    public Duration IdleCoreWakeLatency => HasLoopbackCpuTime && LoopbackLatency > LoopbackCpuLatency ? LoopbackLatency - LoopbackCpuLatency : Duration.Zero;

    /// <summary>
    /// How long the operating system lets a process run while another waits for its core: Linux's EEVDF base slice,
    /// 0.75 ms scaled by 1 + log2 of the online CPUs (at most 8), its default logarithmic tunable scaling
    /// (kernel/sched/fair.c, sysctl_sched_base_slice and get_update_sysctl_factor; 1.5 ms on two cores).
    /// </summary>
    public Duration SchedulerSlice => Duration.FromSeconds(0.75e-3 * (1 + (int)Math.Log2(Math.Clamp(Cores, 1, 8))));

    /// <summary>Sequential read bandwidth of the storage device (page cache evicted).</summary>
    public required ByteRate StorageBandwidth { get; init; }

    /// <summary>Fixed cost of one read request that reaches the device.</summary>
    public required Duration StorageRequestLatency { get; init; }

    /// <summary>Read bandwidth of a file held in the page cache.</summary>
    public required ByteRate PageCacheBandwidth { get; init; }

    /// <summary>Fixed cost of one read call served from the page cache.</summary>
    public required Duration ReadCallOverhead { get; init; }

    /// <summary>Best achievable GEMM efficiency relative to the peak: <see cref="GemmCoreRate"/> / <see cref="PeakPerCore"/>.</summary>
    public double MatmulCeiling => GemmCoreRate / PeakPerCore;

    /// <summary>Aggregate DRAM streaming bandwidth of all cores: <see cref="DramBandwidth"/> × <see cref="SharedBandwidthScaling"/>.</summary>
    public ByteRate DramBandwidthAllCores => DramBandwidth * SharedBandwidthScaling;

    /// <summary>Where the numbers come from.</summary>
    public string Source { get; init; } = "";

    /// <summary>True for the roofline stand-in of a device without a calibrated CPU model.</summary>
    public bool IsPlaceholder { get; init; }

    /// <summary>
    /// The roofline of <paramref name="device"/> on <paramref name="cores"/> cores, for a host without a calibrated
    /// CPU model: the peak split evenly over the cores, the GEMM at the peak times the device's matmul ceiling, every
    /// memory level, packing, unfolding, the loopback link and both read paths at the device's memory bandwidth
    /// (not shared further between cores), every element-wise rate at the per-core peak, and no fixed costs.
    /// </summary>
    public static HostCpuCostProfile Roofline(AcceleratorSpec device, int cores)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (cores < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cores), cores, $"host_cpu.cores: {cores} must be at least 1");
        }

        FlopRate all = device.PeakFor(Precision.Fp32);
        FlopRate perCore = all / cores;
        ByteRate memory = device.MemoryBandwidth;
        return new HostCpuCostProfile
        {
            Cores = cores,
            // The HostLab GEMM's blocking and an AVX-512 register tile (HostLab GemmJob: MR 8, NR 32, KC 256, NC 4096),
            // with the 1 MiB L2 and 32 MiB CCD share of the placeholder's AMD EPYC (HostCpuDevice remarks).
            L2Cache = Bytes.FromMiB(1),
            LastLevelCache = Bytes.FromMiB(32),
            RegisterTileRows = 8,
            RegisterTileColumns = 32,
            BlockDepth = 256,
            BlockColumns = 4096,
            PeakPerCore = perCore,
            PeakAllCores = all,
            LaunchOverhead = Duration.Zero,
            ForkJoinOverhead = Duration.Zero,
            GemmCoreRate = perCore * (device.MatmulCeiling.TryGetValue(Precision.Fp32, out double c) ? c : 1.0),
            PackTransposeBandwidth = memory,
            PackCopyBandwidth = memory,
            L2Bandwidth = memory,
            L3Bandwidth = memory,
            DramBandwidth = memory,
            SharedBandwidthScaling = 1,
            UnfoldBandwidth = memory,
            GeluRate = perCore,
            ReductionRate = perCore,
            SoftmaxRate = perCore,
            LayerNormRate = perCore,
            RowOverhead = Duration.Zero,
            GemmUpdateBandwidth = memory,
            CoreWakeUp = Duration.Zero,
            SingleStreamFraction = 1,
            CrossCoreBandwidth = memory,
            LoopbackLatency = Duration.Zero,
            LoopbackBandwidth = memory,
            StorageBandwidth = memory,
            StorageRequestLatency = Duration.Zero,
            PageCacheBandwidth = memory,
            ReadCallOverhead = Duration.Zero,
            Source = $"roofline of {device.Id} ({all} on {cores} cores, {memory}): no calibrated CPU model",
            IsPlaceholder = true,
        };
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field when a value is not physical.</summary>
    public HostCpuCostProfile Validated()
    {
        Require(Cores >= 1, "cores", Cores, "must be at least 1");
        Require(L2Cache.Count > 0 && LastLevelCache >= L2Cache, "caches", $"{L2Cache} / {LastLevelCache}", "must be positive and grow from L2 to the last level");
        Require(RegisterTileRows >= 1 && RegisterTileColumns >= 1, "register_tile", $"{RegisterTileRows}x{RegisterTileColumns}", "must be positive");
        Require(BlockDepth >= 1 && BlockColumns >= RegisterTileColumns, "blocking", $"{BlockDepth}/{BlockColumns}", "must be positive and hold a register tile");
        Positive(PeakPerCore.FlopsPerSecond, "peak_per_core");
        Positive(PeakAllCores.FlopsPerSecond, "peak_all_cores");
        NonNegative(LaunchOverhead, "launch_overhead");
        NonNegative(ForkJoinOverhead, "fork_join_overhead");
        Positive(GemmCoreRate.FlopsPerSecond, "gemm_core_rate");
        Positive(PackTransposeBandwidth.BytesPerSecond, "pack_transpose_bandwidth");
        Positive(PackCopyBandwidth.BytesPerSecond, "pack_copy_bandwidth");
        Positive(L2Bandwidth.BytesPerSecond, "l2_bandwidth");
        Positive(L3Bandwidth.BytesPerSecond, "l3_bandwidth");
        Positive(DramBandwidth.BytesPerSecond, "dram_bandwidth");
        NonNegativeRate(L3StoreBandwidth, "l3_store_bandwidth");
        NonNegativeRate(DramStoreBandwidth, "dram_store_bandwidth");
        Require(double.IsFinite(SharedBandwidthScaling) && SharedBandwidthScaling >= 1 && SharedBandwidthScaling <= Math.Max(1, Cores),
            "shared_bandwidth_scaling", SharedBandwidthScaling, "must be in [1, cores]");
        Positive(UnfoldBandwidth.BytesPerSecond, "unfold_bandwidth");
        Positive(GeluRate.FlopsPerSecond, "gelu_rate");
        Positive(ReductionRate.FlopsPerSecond, "reduction_rate");
        Positive(SoftmaxRate.FlopsPerSecond, "softmax_rate");
        Positive(LayerNormRate.FlopsPerSecond, "layer_norm_rate");
        NonNegative(RowOverhead, "row_overhead");
        Positive(GemmUpdateBandwidth.BytesPerSecond, "gemm_update_bandwidth");
        NonNegative(CoreWakeUp, "core_wake_up");
        Require(SingleStreamFraction is > 0 and <= 1, "single_stream_fraction", SingleStreamFraction, "must be in (0, 1]");
        Positive(CrossCoreBandwidth.BytesPerSecond, "cross_core_bandwidth");
        NonNegative(LoopbackLatency, "loopback_latency");
        Positive(LoopbackBandwidth.BytesPerSecond, "loopback_bandwidth");
        NonNegative(OversubscribedLoopbackLatency, "oversubscribed_loopback_latency");
        NonNegativeRate(OversubscribedLoopbackBandwidth, "oversubscribed_loopback_bandwidth");
        Require(OversubscribedRanksPerCore == 0 || (double.IsFinite(OversubscribedRanksPerCore) && OversubscribedRanksPerCore > 1),
            "oversubscribed_ranks_per_core", OversubscribedRanksPerCore, "must be 0 (not measured) or above 1");
        NonNegative(LoopbackCpuLatency, "loopback_cpu_latency");
        NonNegativeRate(LoopbackCpuBandwidth, "loopback_cpu_bandwidth");
        Positive(StorageBandwidth.BytesPerSecond, "storage_bandwidth");
        NonNegative(StorageRequestLatency, "storage_request_latency");
        Positive(PageCacheBandwidth.BytesPerSecond, "page_cache_bandwidth");
        NonNegative(ReadCallOverhead, "read_call_overhead");
        return this;
    }

    private static void Positive(double value, string field) =>
        Require(double.IsFinite(value) && value > 0, field, value, "must be positive and finite");

    private static void NonNegativeRate(ByteRate value, string field) =>
        Require(double.IsFinite(value.BytesPerSecond) && value.BytesPerSecond >= 0, field, value, "must not be negative");

    private static void NonNegative(Duration value, string field) => Require(value >= Duration.Zero, field, value, "must not be negative");

    private static void Require(bool ok, string field, object value, string constraint)
    {
        if (!ok)
        {
            throw new ArgumentException($"host_cpu.cpu_model.{field}: {value} {constraint}", field);
        }
    }
}
