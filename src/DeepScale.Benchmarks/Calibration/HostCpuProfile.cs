using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The fitted cost-model parameters of the host CPU: what one kernel call costs before any work, how fast the GEMM
/// micro-kernel and its operand packing run, the streaming bandwidth of each level of the memory hierarchy and how
/// it scales with threads, the element-wise operators' arithmetic rates, the loopback link's α and β, and the
/// storage and page-cache read paths. Immutable; produced by <see cref="HostProfileFitter"/>, consumed by
/// <see cref="HostCostModel"/>.
/// </summary>
public sealed record HostCpuProfile
{
    /// <summary>Fixed cost of one kernel call (argument checks, pinning, dispatch), paid even by an empty call.</summary>
    public required Duration LaunchOverhead { get; init; }

    /// <summary>Extra fixed cost of a call that splits its work over more than one thread (fork and join).</summary>
    public required Duration ForkJoinOverhead { get; init; }

    /// <summary>Peak FP32 rate of one core: the FMA probe on one thread.</summary>
    public required FlopRate PeakPerCore { get; init; }

    /// <summary>Peak FP32 rate of all cores: the FMA probe on every core.</summary>
    public required FlopRate PeakAllCores { get; init; }

    /// <summary>Rate of the GEMM micro-kernel on full register tiles, one core (peak × matmul ceiling).</summary>
    public required FlopRate GemmCoreRate { get; init; }

    /// <summary>Operand packing that transposes the layout (A stored M×K, B stored N×K): packed bytes per second.</summary>
    public required ByteRate PackTransposeBandwidth { get; init; }

    /// <summary>Operand packing that keeps the layout (A stored K×M, B stored K×N): packed bytes per second.</summary>
    public required ByteRate PackCopyBandwidth { get; init; }

    /// <summary>Streaming bandwidth of one core on a working set that fits its L2.</summary>
    public required ByteRate L2Bandwidth { get; init; }

    /// <summary>Streaming bandwidth of one core on a working set that fits the last-level cache.</summary>
    public required ByteRate L3Bandwidth { get; init; }

    /// <summary>Streaming bandwidth of one core from DRAM.</summary>
    public required ByteRate DramBandwidth { get; init; }

    /// <summary>Aggregate bandwidth beyond L2 of two or more threads over that of one (1 = no gain; L2 is private
    /// per core and always scales with the threads).</summary>
    public required double SharedBandwidthScaling { get; init; }

    /// <summary>im2col unfolding of a convolution input: bytes of patch matrix written per second.</summary>
    public required ByteRate UnfoldBandwidth { get; init; }

    /// <summary>Arithmetic rate of the GELU map in counted FLOPs (13 per element).</summary>
    public required FlopRate GeluRate { get; init; }

    /// <summary>Arithmetic rate of the sum reduction (one add per element).</summary>
    public required FlopRate ReductionRate { get; init; }

    /// <summary>Arithmetic rate of the row softmax in counted FLOPs (5 per element).</summary>
    public required FlopRate SoftmaxRate { get; init; }

    /// <summary>Arithmetic rate of the row layer norm in counted FLOPs (8 per element).</summary>
    public required FlopRate LayerNormRate { get; init; }

    /// <summary>Fixed cost per row of a row-wise kernel (reductions across the vector, scalar tails).</summary>
    public required Duration RowOverhead { get; init; }

    /// <summary>GEMM: bandwidth of reading C tiles back before each k-block after the first, once C outgrows a
    /// core's L2 (each micro-kernel call loads MR rows of C a row stride apart: latency-bound, not streaming).</summary>
    public required ByteRate GemmUpdateBandwidth { get; init; }

    /// <summary>Time to wake a parked core for a split GEMM after a single-threaded phase (thread-pool worker
    /// blocked, virtual CPU halted).</summary>
    public required Duration CoreWakeUp { get; init; }

    /// <summary>Fraction of a level's bandwidth beyond L2 that a kernel with a single memory stream reaches.</summary>
    public required double SingleStreamFraction { get; init; }

    /// <summary>Bandwidth at which a core reads data another core has just written (coherence transfers).</summary>
    public required ByteRate CrossCoreBandwidth { get; init; }

    /// <summary>Loopback link latency α: the fixed cost of one ring step.</summary>
    public required Duration LinkLatency { get; init; }

    /// <summary>Loopback link bandwidth β: bytes a rank sends per second within a ring step.</summary>
    public required ByteRate LinkBandwidth { get; init; }

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

    /// <summary>Aggregate DRAM streaming bandwidth of all cores.</summary>
    public ByteRate DramBandwidthAllCores => DramBandwidth * SharedBandwidthScaling;

    /// <summary>Throws naming the field when a value is not physical (zero, negative, NaN or infinite).</summary>
    public HostCpuProfile Validated()
    {
        Positive(LaunchOverhead.Seconds, "launch_overhead", allowZero: true);
        Positive(ForkJoinOverhead.Seconds, "fork_join_overhead", allowZero: true);
        Positive(PeakPerCore.FlopsPerSecond, "peak_per_core");
        Positive(PeakAllCores.FlopsPerSecond, "peak_all_cores");
        Positive(GemmCoreRate.FlopsPerSecond, "gemm_core_rate");
        Positive(PackTransposeBandwidth.BytesPerSecond, "pack_transpose_bandwidth");
        Positive(PackCopyBandwidth.BytesPerSecond, "pack_copy_bandwidth");
        Positive(L2Bandwidth.BytesPerSecond, "l2_bandwidth");
        Positive(L3Bandwidth.BytesPerSecond, "l3_bandwidth");
        Positive(DramBandwidth.BytesPerSecond, "dram_bandwidth");
        Positive(SharedBandwidthScaling, "shared_bandwidth_scaling");
        Positive(UnfoldBandwidth.BytesPerSecond, "unfold_bandwidth");
        Positive(GeluRate.FlopsPerSecond, "gelu_rate");
        Positive(ReductionRate.FlopsPerSecond, "reduction_rate");
        Positive(SoftmaxRate.FlopsPerSecond, "softmax_rate");
        Positive(LayerNormRate.FlopsPerSecond, "layer_norm_rate");
        Positive(RowOverhead.Seconds, "row_overhead", allowZero: true);
        Positive(GemmUpdateBandwidth.BytesPerSecond, "gemm_update_bandwidth");
        Positive(CoreWakeUp.Seconds, "core_wake_up", allowZero: true);
        Positive(SingleStreamFraction, "single_stream_fraction");
        Positive(CrossCoreBandwidth.BytesPerSecond, "cross_core_bandwidth");
        if (SingleStreamFraction > 1)
        {
            throw new ArgumentException($"host_cpu_profile.single_stream_fraction: {SingleStreamFraction} must not exceed 1", nameof(SingleStreamFraction));
        }
        Positive(LinkLatency.Seconds, "link_latency", allowZero: true);
        Positive(LinkBandwidth.BytesPerSecond, "link_bandwidth");
        Positive(StorageBandwidth.BytesPerSecond, "storage_bandwidth");
        Positive(StorageRequestLatency.Seconds, "storage_request_latency", allowZero: true);
        Positive(PageCacheBandwidth.BytesPerSecond, "page_cache_bandwidth");
        Positive(ReadCallOverhead.Seconds, "read_call_overhead", allowZero: true);
        return this;
    }

    private static void Positive(double value, string field, bool allowZero = false)
    {
        if (!double.IsFinite(value) || value < 0 || (!allowZero && value == 0))
        {
            throw new ArgumentException($"host_cpu_profile.{field}: {value} must be {(allowZero ? "non-negative" : "positive")} and finite", field);
        }
    }
}
