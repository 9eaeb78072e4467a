using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// The per-device parameters of the operator cost model: how many streaming multiprocessors share a GEMM's tiles,
/// how fast the on-chip L2 feeds them, what fraction of HBM bandwidth memory-bound kernels reach, what a kernel
/// launch costs, and what the framework spends on the host per operator. Immutable. <see cref="ForAccelerator"/>
/// derives documented defaults for known accelerator ids; a CPU carries its calibrated kernel model in
/// <see cref="Cpu"/> (<see cref="ForHostCpu"/>), which makes the cost model time operators as CPU kernels.
/// </summary>
/// <param name="AcceleratorId">The catalog id the parameters belong to.</param>
/// <param name="StreamingMultiprocessors">Units that execute GEMM tiles concurrently (SMs on NVIDIA, CUs on AMD, cores on a CPU).</param>
/// <param name="L2Bandwidth">Aggregate L2 read bandwidth feeding the SMs; null when no source gives it (the L2 limit on small tiles is then ignored).</param>
/// <param name="MemoryBandwidthFraction">Achievable fraction of peak device-memory bandwidth for streaming kernels.</param>
/// <param name="KernelLaunchLatency">Fixed device-side cost of one kernel, paid even by an empty one.</param>
/// <param name="HostOverheadForward">Host time the framework spends issuing one forward operator (Python, dispatch, autograd recording).</param>
/// <param name="HostOverheadBackward">Host time the autograd engine spends issuing one backward kernel.</param>
/// <param name="FusedAttentionForwardFraction">Fraction of dense peak a fused (flash) attention forward kernel reaches on long sequences.</param>
/// <param name="FusedAttentionBackwardFraction">Fraction of dense peak a fused (flash) attention backward kernel reaches.</param>
/// <param name="Source">Where every value came from.</param>
public sealed record ComputeEfficiencyProfile(
    string AcceleratorId,
    int StreamingMultiprocessors,
    ByteRate? L2Bandwidth,
    double MemoryBandwidthFraction,
    Duration KernelLaunchLatency,
    Duration HostOverheadForward,
    Duration HostOverheadBackward,
    double FusedAttentionForwardFraction,
    double FusedAttentionBackwardFraction,
    string Source)
{
    /// <summary>
    /// The CPU kernel model of a CPU device (null for accelerators): when set, operators are timed as the blocked
    /// GEMMs and streaming kernels of <see cref="Catalog.HostCpuCostProfile"/> instead of by the GPU roofline.
    /// </summary>
    public Catalog.HostCpuCostProfile? Cpu { get; init; }

    /// <summary>
    /// GEMMs run as Hopper-style warp-specialized persistent kernels (NVIDIA/cutlass sm90 and sm100 collectives):
    /// thread blocks in clusters of two share one operand tile, which the tensor memory accelerator multicasts to
    /// both (ClusterShape 2×1×1), and a tile's epilogue stores overlap the next tile's main loop. Before Hopper a
    /// thread block computes one tile and stores it after its main loop, so the stores follow the arithmetic.
    /// </summary>
    public bool WarpSpecializedGemms { get; init; }

    /// <summary>
    /// Fractions of dense peak the FlashAttention-2 forward and backward reach here (up to Ampere the same as
    /// <see cref="FusedAttentionForwardFraction"/>; on Hopper FlashAttention-2 runs without the warp-specialized
    /// pipelines and reaches 35%: Shah et al. 2024, FlashAttention-3, abstract).
    /// </summary>
    public (double Forward, double Backward) FlashAttention2 { get; init; } = (FlashForward, FlashBackward);

    /// <summary>
    /// Fractions of dense peak the first FlashAttention (and the Triton kernels of its time) reaches here: 25–40% on
    /// A100 (Dao 2023, FlashAttention-2, abstract), the middle of the range for both passes; on Hopper in the same
    /// proportion to FlashAttention-2.
    /// </summary>
    public (double Forward, double Backward) FlashAttention1 { get; init; } = (Flash1Forward, Flash1Backward);

    /// <summary>Thread blocks that share one operand tile through a cluster (2 with warp-specialized GEMMs, else 1).</summary>
    public int MulticastCluster => WarpSpecializedGemms ? 2 : 1;

    // Achievable HBM fraction of the memory-bound kernels a training framework runs. PyTorch's standard attention is
    // memory-bound by construction (two batched GEMMs and a softmax through HBM; Dao et al. 2022, Sec. 2.2): on an
    // A100 SXM4 40 GB its forward without dropout moves 4.3 / 17.2 / 68.7 GB in 4.32 / 16.47 / 67.77 ms at 2,048 /
    // 4,096 / 8,192 tokens (batch 16, 8 heads of 64; arXiv:2205.14135, Table 18), which after the GEMMs' arithmetic
    // is 69-72% of the 1,555 GB/s peak. A streaming read kernel does better, 1.80 of 2.04 TB/s (88%) on an A100 80 GB
    // (forums.developer.nvidia.com/t/trouble-to-reach-peak-bandwidth-of-a100/339083), but framework kernels that
    // reduce, mask, scale and store do not stream like it. Applied to every HBM device.
    private const double HbmFraction = 0.70;

    // Kernel launch: under CUDA-graph replay (host launch cost removed) 1172 kernels left (11.98 - 6.67) ms of
    // non-busy time per frame on an A6000, i.e. 4.5 us of fixed cost per kernel (facebookresearch/sam2#768).
    private static readonly Duration s_launch = Duration.FromMicroseconds(4.5);

    // Host: a Python-level PyTorch op on a tensor that requires grad costs 6.8 us (1e6 ops in 6.8 s), and the same
    // op through the C++ API about 1 us (pytorch/pytorch#41383, measurement and maintainer reply). Backward kernels
    // are issued by the C++ autograd engine, so they pay the C++ figure.
    private static readonly Duration s_hostForward = Duration.FromMicroseconds(6.8);
    private static readonly Duration s_hostBackward = Duration.FromMicroseconds(1);

    // Fused attention: FlashAttention-2 reaches 50-73% of the theoretical maximum FLOP/s on A100 (Dao 2023,
    // arXiv:2307.08691, abstract): the top of the range for the forward pass on long sequences, the bottom for the
    // slower backward pass. Applied to every tensor-core device.
    private const double FlashForward = 0.73;
    private const double FlashBackward = 0.50;

    // The first FlashAttention reaches 25-40% of the A100's peak (Dao 2023, arXiv:2307.08691, abstract), and its
    // passes run at one rate: its own benchmark has the forward and the backward at 66 TFLOP/s at every long sequence
    // (batch 16, 8 heads of 64, both grids one thread block per sample and head; arXiv:2205.14135, Tables 18 and 19).
    // One fraction for both, the middle of the range.
    private const double Flash1Forward = 0.325;
    private const double Flash1Backward = 0.325;

    // Hopper: FlashAttention-3 reaches 740 TFLOP/s in fp16, 75% of the H100's peak, where FlashAttention-2 reaches
    // 35% (Shah et al. 2024, arXiv:2407.08608, abstract). Backward fractions keep FlashAttention-2's A100 ratio of
    // backward to forward (0.50 / 0.73).
    private const double HopperFlashForward = 0.75;
    private const double HopperFlash2Forward = 0.35;

    private const string CommonSource =
        "HBM fraction 0.70: Dao et al. 2022 (arXiv:2205.14135) Table 18, PyTorch attention forward at 2,048-8,192 tokens on A100 40GB; " +
        "launch 4.5 us: facebookresearch/sam2#768 (CUDA-graph replay, (11.98-6.67) ms / 1172 kernels); " +
        "host 6.8 us forward / 1 us backward: pytorch/pytorch#41383; " +
        "fused attention 0.73/0.50 of peak: Dao 2023 FlashAttention-2 abstract (50-73% on A100)";

    /// <summary>Accelerator ids <see cref="ForAccelerator"/> knows, in catalog order.</summary>
    public static IReadOnlyList<string> KnownAccelerators { get; } =
    [
        "p100-sxm2-16gb", "v100-sxm2-16gb", "v100-sxm2-32gb", "a100-sxm4-40gb", "a100-sxm4-80gb", "a100-pcie-40gb", "a100-pcie-80gb",
        "h100-sxm5-80gb", "h100-pcie-80gb", "h200-sxm-141gb", "b200-sxm-180gb", "gb200", "l4", "l40s", "mi300x", "mi325x",
    ];

    /// <summary>Whether <see cref="ForAccelerator"/> has documented defaults for <paramref name="acceleratorId"/>.</summary>
    public static bool IsKnown(string acceleratorId) => KnownAccelerators.Contains(acceleratorId, StringComparer.Ordinal);

    /// <summary>
    /// Documented defaults for a known accelerator id. Throws <see cref="ArgumentException"/> naming the id and the
    /// known ids otherwise (a calibrated device such as <c>host-cpu</c> takes its profile from its calibration:
    /// <see cref="ForHostCpu"/>, or <c>HardwareCatalog.EfficiencyProfile</c> for any catalog id).
    /// </summary>
    public static ComputeEfficiencyProfile ForAccelerator(string acceleratorId)
    {
        ArgumentNullException.ThrowIfNull(acceleratorId);
        (int sms, ByteRate? l2, string source) = acceleratorId switch
        {
            // P100: 56 of GP100's 60 SMs enabled, 64 FP32 cores each = 3584 cores (geeks3d.com GTC 2016 article;
            // videocardz.com GP100 table); no L2 bandwidth read for GP100.
            "p100-sxm2-16gb" => (56, null, "SMs: geeks3d.com GTC 2016 and videocardz.com GP100 table (56 SMs, 3584 CUDA cores)"),
            // V100: 5120 CUDA cores at 64 per SM = 80 SMs (hmc-tech.com V100 SXM listing); L2 3133 GB/s
            // (Table 3 of PMC10448217, Volta column).
            "v100-sxm2-16gb" or "v100-sxm2-32gb" => (80, (ByteRate?)ByteRate.FromGBps(3133),
                "SMs: hmc-tech.com (5120 shaders / 64); L2: pmc.ncbi.nlm.nih.gov/articles/PMC10448217 Table 3"),
            // A100: 108 SMs at 1.41 GHz (ISSCC 2021, doi 10.1109/ISSCC42613.2021.9365803); L2 7219 GB/s
            // (PMC10448217 Table 3, 5120 B/clk x 1.41 GHz).
            "a100-sxm4-40gb" or "a100-sxm4-80gb" or "a100-pcie-40gb" or "a100-pcie-80gb" => (108, ByteRate.FromGBps(7219),
                "SMs: ISSCC 2021 A100 paper (108 SMs); L2: PMC10448217 Table 3"),
            // H100 SXM5: 132 SMs (glennklockwood.com/garden/processors/h100); H200 is the same chip with more HBM
            // (same page). L2 8986 GB/s (PMC10448217 Table 3, Hopper column).
            "h100-sxm5-80gb" or "h200-sxm-141gb" => (132, ByteRate.FromGBps(8986),
                "SMs: glennklockwood.com/garden/processors/h100; L2: PMC10448217 Table 3"),
            // H100 PCIe: 114 SMs (archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html, SXM 132 / PCIe 114); no
            // L2 bandwidth read for this part.
            "h100-pcie-80gb" => (114, null, "SMs: hpctech.co.jp H100 table (114 SMs for PCIe)"),
            // B200: 74 enabled SMs per die x 2 dies = 148 (chipsandcheese B200 article); no L2 bandwidth read.
            "b200-sxm-180gb" => (148, null, "SMs: chipsandcheese 'Nvidia's B200' (74 SMs per die, 2 dies)"),
            // GB200: each GPU of the superchip is a B200 (the catalog row's per-GPU figures), 148 SMs as above.
            "gb200" => (148, null, "SMs: a GB200 GPU is a B200 (chipsandcheese 'Nvidia's B200': 74 SMs per die, 2 dies)"),
            // L4: 240 fourth-generation Tensor Cores at four per Ada SM = 60 SMs (store.sourcecode.com L4 listing;
            // fpsbench.com L4 page: 60 SMs, 240 Tensor Cores).
            "l4" => (60, null, "SMs: 240 Tensor Cores at 4 per SM (store.sourcecode.com L4 listing; fpsbench.com: 60 SMs)"),
            // L40S: 568 Tensor Cores at four per SM and 142 RT cores at one per SM = 142 SMs (grokipedia.com,
            // "NVIDIA L4 vs L40S", from NVIDIA's datasheet).
            "l40s" => (142, null, "SMs: 568 Tensor Cores at 4 per SM, 142 RT cores at 1 per SM (grokipedia.com 'NVIDIA L4 vs L40S')"),
            // MI300X: 19456 stream processors at 64 per CU = 304 CUs (hmc-tech.com MI300X listing); the MI325X has
            // the same compute (the catalog row, from ml-engineering).
            "mi300x" or "mi325x" => (304, null, "CUs: hmc-tech.com (19456 shaders / 64); MI325X: same compute as MI300X (ml-engineering)"),
            _ => throw new ArgumentException(
                $"accelerator '{acceleratorId}' has no documented efficiency profile; known: {string.Join(", ", KnownAccelerators)} " +
                "(other devices need a calibrated profile)", nameof(acceleratorId)),
        };
        // Thread-block clusters and the tensor memory accelerator arrived with Hopper (compute capability 9.0);
        // Blackwell keeps them.
        bool hopper = acceleratorId is "h100-sxm5-80gb" or "h100-pcie-80gb" or "h200-sxm-141gb" or "b200-sxm-180gb" or "gb200";
        if (!hopper)
        {
            return new ComputeEfficiencyProfile(acceleratorId, sms, l2, HbmFraction, s_launch, s_hostForward, s_hostBackward,
                FlashForward, FlashBackward, source + "; " + CommonSource);
        }

        const double backwardRatio = FlashBackward / FlashForward;
        const double flash2Share = HopperFlash2Forward / FlashForward;
        return new ComputeEfficiencyProfile(acceleratorId, sms, l2, HbmFraction, s_launch, s_hostForward, s_hostBackward,
            HopperFlashForward, HopperFlashForward * backwardRatio, source + "; " + CommonSource
                + "; warp-specialized GEMMs (clusters of 2, epilogue overlapped): NVIDIA/cutlass sm90/sm100 kernels"
                + "; fused attention 0.75 (FlashAttention-2 0.35) of peak: Shah et al. 2024 FlashAttention-3 abstract")
        {
            WarpSpecializedGemms = true,
            FlashAttention2 = (HopperFlash2Forward, HopperFlash2Forward * backwardRatio),
            FlashAttention1 = (Flash1Forward * flash2Share, Flash1Backward * flash2Share),
        };
    }

    /// <summary>
    /// The profile of a CPU device: its cores as the units that run GEMM tiles, every core's L2 bandwidth together,
    /// the calibrated DRAM bandwidth as fully achievable, the kernel launch cost as the only fixed cost (kernels are
    /// called directly, with no framework between), and the CPU kernel model that times every operator
    /// (<see cref="Cpu"/>). No fused-attention kernel exists on the host, so its fractions are unused (1).
    /// </summary>
    public static ComputeEfficiencyProfile ForHostCpu(Catalog.HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        cpu.Validated();
        return new ComputeEfficiencyProfile(Catalog.HostCpuDevice.Id, cpu.Cores, cpu.L2Bandwidth * cpu.Cores, 1.0, cpu.LaunchOverhead,
            Duration.Zero, Duration.Zero, 1.0, 1.0, "CPU kernel model: " + cpu.Source)
        {
            Cpu = cpu,
        };
    }

    /// <summary>Checks every field is physical; throws <see cref="ArgumentException"/> naming the field otherwise.</summary>
    public ComputeEfficiencyProfile Validated()
    {
        Require(StreamingMultiprocessors is > 0 and <= 1_000_000, "streaming_multiprocessors", StreamingMultiprocessors, "must be in 1..1000000");
        Require(L2Bandwidth is null || L2Bandwidth.Value.BytesPerSecond > 0, "l2_bandwidth", L2Bandwidth, "must be positive");
        Require(MemoryBandwidthFraction is > 0 and <= 1, "memory_bandwidth_fraction", MemoryBandwidthFraction, "must be in (0, 1]");
        Require(KernelLaunchLatency >= Duration.Zero, "kernel_launch_latency", KernelLaunchLatency, "must not be negative");
        Require(HostOverheadForward >= Duration.Zero, "host_overhead_forward", HostOverheadForward, "must not be negative");
        Require(HostOverheadBackward >= Duration.Zero, "host_overhead_backward", HostOverheadBackward, "must not be negative");
        Require(FusedAttentionForwardFraction is > 0 and <= 1, "fused_attention_forward_fraction", FusedAttentionForwardFraction, "must be in (0, 1]");
        Require(FusedAttentionBackwardFraction is > 0 and <= 1, "fused_attention_backward_fraction", FusedAttentionBackwardFraction, "must be in (0, 1]");
        Cpu?.Validated();
        return this;
    }

    private static void Require(bool ok, string field, object? value, string constraint)
    {
        if (!ok)
        {
            throw new ArgumentException($"efficiency_profile.{field}: {value} {constraint}", field);
        }
    }
}
