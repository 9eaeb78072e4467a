using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

using DeepScale.Workloads.Accounting;

using DeepScale.Workloads.Memory;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// Times operators on one accelerator: a roofline (Williams et al. 2009) whose compute roof bends with the shape and
/// precision of each GEMM, plus launch latency and the framework's host overhead.
/// </summary>
/// <remarks>
/// <para>Matmuls: time = max(FLOPs / (peak · ceiling · shape efficiency), operand bytes / achievable bandwidth)
/// + the output stores no arithmetic hides (all of them before Hopper, whose blocks store their tile after their
/// main loop; the last wave's on warp-specialized Hopper kernels), and never faster than the measured best. The
/// measured best is the best matmul throughput over peak (shared/refdata/mamf_matmul_tflops.csv, carried by
/// <see cref="AcceleratorSpec.MatmulCeiling"/>); the main loop's ceiling is set so that the shape it was measured
/// at (<see cref="AcceleratorSpec.MatmulCeilingShape"/>) takes exactly the measured time. The shape efficiency is
/// tile and wave quantization over the device's SMs with an L2-bandwidth cap per tile, which Hopper's clusters of
/// two blocks relieve by sharing one operand (<c>GemmTileModel</c>). A precision without a measured ceiling
/// borrows bf16's, then fp16's, then fp8's.</para>
/// <para>Convolutions: the implicit GEMM (M = samples·output pixels, N = output channels, K = input channels·kernel
/// area), or for 3×3 stride-1 kernels the Winograd F(2×2, 3×3) algorithm when that is faster, phase by phase, as
/// frameworks pick the fastest cuDNN algorithm (the partial class's Winograd file).</para>
/// <para>Fused attention: FLOPs / (peak · FlashAttention fraction · wave efficiency over the kernel's thread blocks:
/// batch·heads·query blocks of 128 rows, or batch·heads for the first FlashAttention's CUDA kernel); causal masking
/// skips the blocks above the diagonal (Dao 2023, Sec. 3.1 and 3.2).</para>
/// <para>Memory-bound kernels: max(bytes / (HBM · achievable fraction), FLOPs / fp32 vector peak).</para>
/// <para>Every kernel: device time = launch latency + body; phase time = max(host overhead, device time), because a
/// GPU that drains its queue faster than the host fills it waits for the host.</para>
/// <para>A CPU device (a profile carrying <see cref="ComputeEfficiencyProfile.Cpu"/>, such as <c>host-cpu</c>) is
/// timed instead by its calibrated kernel model: blocked GEMMs, cache-level streaming kernels and row-wise kernels
/// on one thread per rank (<c>CpuOperatorCost</c>, <see cref="CpuKernelModel"/>).</para>
/// </remarks>
public sealed partial class ComputeCostModel
{
    /// <summary>Query rows per FlashAttention thread block (Dao 2023, FlashAttention-2, Sec. 3.3: 128-row blocks for head dimension 128).</summary>
    private const int AttentionBlockRows = 128;

    /// <summary>Outputs of the largest GEMM tile (256×128, <c>GemmTileModel</c>): how many a wave of thread blocks stores per SM.</summary>
    private const double EpilogueTileOutputs = 256 * 128;

    private readonly CpuOperatorCost? _cpu;

    /// <summary>Main-loop ceiling per precision (index: the enum value), 0 until first computed.</summary>
    private readonly double[] _ceilings = new double[Enum.GetValues<Precision>().Length];

    public ComputeCostModel(AcceleratorSpec accelerator, ComputeEfficiencyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(profile);
        Accelerator = accelerator;
        Profile = profile.Validated();
        if (accelerator.MemoryBandwidth.BytesPerSecond <= 0)
        {
            throw new ArgumentException($"accelerator.memory_bandwidth: {accelerator.MemoryBandwidth} must be positive", nameof(accelerator));
        }

        _cpu = Profile.Cpu is { } cpu ? new CpuOperatorCost(cpu) : null;
    }

    public AcceleratorSpec Accelerator { get; }

    public ComputeEfficiencyProfile Profile { get; }

    /// <summary>True when operators are timed by the CPU kernel model.</summary>
    public bool IsCpu => _cpu is not null;

    /// <summary>
    /// Speed of the device that sets the job's pace relative to the median device of its SKU, in (0, 1]: the clock
    /// every FLOP-bound rate (GEMMs, fused attention, vector work) is scaled by; streaming kernels keep the memory's
    /// pace. 1 (the default) for identical devices; <see cref="DeviceVariation.SlowestSpeed"/> for a job on devices
    /// that vary. Not applied to a CPU device, whose profile is calibrated on the host itself.
    /// </summary>
    public double ClockFactor
    {
        get;
        init => field = value is > 0 and <= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(ClockFactor), value, $"clock_factor: {value} must be in (0, 1]");
    } = 1;

    /// <summary>
    /// The cost model of a known accelerator with its documented default profile; for <c>host-cpu</c> the CPU kernel
    /// model of the placeholder device (a calibrated host takes its profile from the catalog that loaded the
    /// calibration: <c>new ComputeCostModel(device, catalog.EfficiencyProfile(device.Id))</c>).
    /// </summary>
    public static ComputeCostModel ForAccelerator(AcceleratorSpec accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ComputeEfficiencyProfile profile = accelerator.Id == HostCpuDevice.Id
            ? ComputeEfficiencyProfile.ForHostCpu(HostCpuDevice.PlaceholderCostProfile)
            : ComputeEfficiencyProfile.ForAccelerator(accelerator.Id);
        return new ComputeCostModel(accelerator, profile);
    }

    /// <summary>Device-memory bandwidth a streaming kernel reaches.</summary>
    public ByteRate AchievableMemoryBandwidth => Accelerator.MemoryBandwidth * Profile.MemoryBandwidthFraction;

    /// <summary>Fraction of the dense peak a GEMM of this shape reaches: measured ceiling × relative shape efficiency.</summary>
    public double GemmEfficiency(GemmShape shape, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.M < 1 || shape.N < 1 || shape.K < 1 || shape.Batch < 1)
        {
            throw new ArgumentException($"gemm shape {shape.M}x{shape.N}x{shape.K} (batch {shape.Batch}) must be positive", nameof(shape));
        }

        FlopRate peak = Accelerator.PeakFor(precision);
        if (_cpu is not null)
        {
            return shape.Flops / _cpu.Gemm(shape).Seconds / peak.FlopsPerSecond;
        }

        double ceiling = Ceiling(precision);
        double relative = GemmTileModel.RelativeEfficiency(shape, Profile.StreamingMultiprocessors,
            Profile.L2Bandwidth?.BytesPerSecond, peak.FlopsPerSecond, precision.BytesPerElement(), ceiling,
            AchievableMemoryBandwidth.BytesPerSecond, Profile.MulticastCluster);
        return ceiling * relative;
    }

    /// <summary>Achieved throughput of a GEMM kernel of this shape (FLOPs over device time, launch included).</summary>
    public FlopRate GemmThroughput(GemmShape shape, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Duration time = GemmKernelTime(shape, precision);
        return new FlopRate(shape.Flops / time.Seconds);
    }

    /// <summary>Device time of one GEMM kernel with the minimal traffic (each operand read once, the result written once).</summary>
    public Duration GemmKernelTime(GemmShape shape, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (_cpu is not null)
        {
            return _cpu.Gemm(shape);
        }

        double e = precision.BytesPerElement();
        double read = shape.Batch * (((double)shape.M * shape.K) + ((double)shape.K * shape.N)) * e;
        double written = shape.Batch * (double)shape.M * shape.N * e;
        return Profile.KernelLaunchLatency + MatmulBody(shape, precision, shape.Flops, read, written);
    }

    /// <summary>Device time of a memory-bound kernel moving <paramref name="moved"/> bytes.</summary>
    public Duration MemoryBoundKernelTime(Bytes moved, FlopCount flops) => _cpu is not null
        ? _cpu.MemoryBound(moved, flops)
        : Profile.KernelLaunchLatency + MemoryBody(moved.Count, flops.Flops);

    /// <summary>
    /// Device time of one optimizer step over <paramref name="parameters"/> parameters held by this device. A GPU
    /// runs each pass as a fused multi-tensor kernel (Apex multi_tensor_apply, as Megatron-LM and DeepSpeed do). The
    /// update works on fp32 master weights and fp32 gradients: Adam reads weight, gradient, momentum and variance and
    /// writes all but the gradient; SGD with momentum reads weight, gradient and momentum and writes two. Mixed
    /// precision adds the passes around it (Megatron-LM's Float16OptimizerWithFloat16Params.step, DeepSpeed's
    /// FP16_Optimizer.step): with fp16 the copy of the 16-bit gradients into the optimizer's fp32 gradients (bf16 and
    /// fp8 accumulate them in fp32 already, see <see cref="MemoryAccountant"/>) and the loss-scale unscale and
    /// overflow check reading and writing each of them,
    /// the gradient norm for clipping reading it again, and the copy of the updated master weights into the 16-bit
    /// model weights. A CPU runs the element-wise passes of its framework one after another
    /// (<c>CpuOperatorCost.OptimizerStep</c>).
    /// </summary>
    public Duration OptimizerStepTime(double parameters, OptimizerKind optimizer, Precision precision)
    {
        if (_cpu is not null)
        {
            return _cpu.OptimizerStep((long)Math.Ceiling(parameters), optimizer);
        }

        bool mixed = precision is not (Precision.Fp32 or Precision.Tf32);
        double states = optimizer == OptimizerKind.Adam ? 3 : 2;
        const double fp32 = 4;
        double update = (states + 1) * fp32 + (states * fp32);
        double gradients = MemoryAccountant.GradientBytes(precision);
        double gradientCopy = gradients < fp32 ? gradients + fp32 : 0;
        double unscale = precision == Precision.Fp16 ? 2 * fp32 : 0;
        double norm = mixed ? fp32 : 0;
        double copy = mixed ? fp32 + precision.BytesPerElement() : 0;
        double flopsPerParameter = optimizer == OptimizerKind.Adam ? 12 : 4;
        return MemoryBoundKernelTime(new Bytes(parameters * (update + gradientCopy + unscale + norm + copy)), new FlopCount(parameters * flopsPerParameter));
    }

    /// <summary>Times one operator in each phase.</summary>
    public OperatorTiming Time(Operator op)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (_cpu is not null)
        {
            // Without its account an operator's rows are its GEMM rows (one row for a memory-bound operator).
            return _cpu.Time(op, (int)Math.Clamp(op.Gemm?.M ?? 1, 1, int.MaxValue));
        }

        Duration hostF = Profile.HostOverheadForward, hostB = Profile.HostOverheadBackward;
        return op.Kind switch
        {
            OperatorKind.Gemm or OperatorKind.Convolution or OperatorKind.AttentionGemm => TimeMatmul(op, hostF, hostB),
            OperatorKind.HostCopy => new OperatorTiming(op, Kernel(hostF, HostLinkBody(op.Forward)), Duration.Zero, Duration.Zero),
            OperatorKind.FusedAttention => new OperatorTiming(op,
                Kernel(hostF, FusedAttentionBody(op, op.Forward, FusedAttentionFractions(op).Forward)),
                Kernel(hostB, FusedAttentionBody(op, op.BackwardInput, FusedAttentionFractions(op).Backward)),
                Duration.Zero),
            _ => new OperatorTiming(op,
                MemoryPhase(op.Forward, hostF),
                MemoryPhase(op.BackwardInput, hostB),
                MemoryPhase(op.BackwardWeight, hostB)),
        };
    }

    /// <summary>Times every operator of an account, in order.</summary>
    public ModelTiming Time(ModelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (_cpu is not null)
        {
            int rows = account.Options.MicroBatch;
            return new ModelTiming(account, [.. account.Operators.Select(o => _cpu.Time(o, rows))]);
        }

        return new ModelTiming(account, [.. account.Operators.Select(Time)]);
    }

    private OperatorTiming TimeMatmul(Operator op, Duration hostF, Duration hostB)
    {
        GemmShape f = op.Gemm ?? throw new ArgumentException($"operator {op.Name}: a {op.Kind} needs a GEMM shape", nameof(op));
        // Attention products between activations stay in 16 bits under FP8 training (only weight GEMMs are FP8).
        Precision p = op.Kind == OperatorKind.AttentionGemm && op.Precision == Precision.Fp8 ? Precision.Bf16 : op.Precision;
        Duration forward = MatmulPhase(op.Forward, hostF, f, p);
        Duration backwardInput, backwardWeight;
        if (op.Kind == OperatorKind.Convolution && WinogradApplies(op.Convolution))
        {
            // The library's fastest algorithm per phase: the implicit GEMM or a Winograd tiling.
            ConvolutionShape c = op.Convolution!;
            forward = Fastest(forward, op.Forward, hostF, c, ConvolutionPhase.Forward, p);
            backwardInput = Fastest(MatmulPhase(op.BackwardInput, hostB, f with { N = f.K, K = f.N }, p), op.BackwardInput, hostB, c, ConvolutionPhase.BackwardData, p);
            backwardWeight = Fastest(MatmulPhase(op.BackwardWeight, hostB, f with { M = f.K, K = f.M, Batch = 1 }, p), op.BackwardWeight, hostB, c, ConvolutionPhase.BackwardFilter, p);
        }
        else if (op.HasWeights || op.Kind == OperatorKind.Convolution)
        {
            // dX[M×K] = dY[M×N]·Wᵀ and dW[K×N] = Xᵀ[K×M]·dY (Narayanan et al. 2021: backward = 2 × forward).
            backwardInput = MatmulPhase(op.BackwardInput, hostB, f with { N = f.K, K = f.N }, p);
            backwardWeight = MatmulPhase(op.BackwardWeight, hostB, f with { M = f.K, K = f.M, Batch = 1 }, p);
        }
        else
        {
            // Both operands are activations: dA = dC·Bᵀ and dB = Aᵀ·dC, two kernels of half the backward work each.
            WorkAmount half = WorkAmount.Of(op.BackwardInput.Flops.Flops / 2, op.BackwardInput.Read.Count / 2, op.BackwardInput.Written.Count / 2);
            backwardInput = MatmulPhase(half, hostB, f with { N = f.K, K = f.N }, p) + MatmulPhase(half, hostB, f with { M = f.K, K = f.M }, p);
            backwardWeight = MatmulPhase(op.BackwardWeight, hostB, f, p);
        }

        return new OperatorTiming(op, forward, backwardInput, backwardWeight);
    }

    /// <summary>The direct phase time, or the Winograd one when that is faster (an empty phase stays empty).</summary>
    private Duration Fastest(Duration direct, WorkAmount work, Duration host, ConvolutionShape c, ConvolutionPhase phase, Precision precision) =>
        work.IsEmpty || WinogradPhase(c, phase, precision) is not { } w ? direct : Duration.Min(direct, Duration.Max(host, w));

    private Duration MatmulPhase(WorkAmount work, Duration host, GemmShape shape, Precision precision) =>
        work.IsEmpty ? Duration.Zero : Kernel(host, MatmulBody(shape, precision, work.Flops.Flops, work.Read.Count, work.Written.Count));

    private Duration MatmulBody(GemmShape shape, Precision precision, double flops, double read, double written)
    {
        double rate = Accelerator.PeakFor(precision).FlopsPerSecond * GemmEfficiency(shape, precision) * ClockFactor;
        double bandwidth = AchievableMemoryBandwidth.BytesPerSecond;
        double exposed = ExposedStoreSeconds(shape, written);
        double seconds = Math.Max(Math.Max(flops / rate, read / bandwidth), (written / bandwidth) - exposed) + exposed;
        // The measured ceiling is the best over every shape tried: no GEMM runs faster.
        double best = Accelerator.PeakFor(precision).FlopsPerSecond * MeasuredCeiling(precision) * ClockFactor;
        return Duration.FromSecondsCeiling(Math.Max(seconds, flops / best));
    }

    /// <summary>
    /// Time of a GEMM's output stores that no arithmetic hides. Each tile's epilogue stores its output after its
    /// reduction loop: a warp-specialized kernel hides the stores behind the next tile's loop and exposes only the
    /// last wave's; a one-tile-per-block kernel waits for every wave's stores before that SM's next block starts.
    /// </summary>
    private double ExposedStoreSeconds(GemmShape shape, double written)
    {
        double exposed = written / AchievableMemoryBandwidth.BytesPerSecond;
        return Profile.WarpSpecializedGemms
            ? exposed / Math.Max(1, Math.Ceiling((double)shape.M * shape.N * shape.Batch / (Profile.StreamingMultiprocessors * EpilogueTileOutputs)))
            : exposed;
    }

    /// <summary>Fractions of dense peak the operator's fused attention kernel reaches in its forward and backward.</summary>
    private (double Forward, double Backward) FusedAttentionFractions(Operator op) => op.Attention?.Kernel switch
    {
        AttentionImplementation.Flash2 => Profile.FlashAttention2,
        AttentionImplementation.Flash1 or AttentionImplementation.FlashTriton => Profile.FlashAttention1,
        _ => (Profile.FusedAttentionForwardFraction, Profile.FusedAttentionBackwardFraction),
    };

    private Duration FusedAttentionBody(Operator op, WorkAmount work, double fraction)
    {
        AttentionShape a = op.Attention ?? throw new ArgumentException($"operator {op.Name}: fused attention needs an attention shape", nameof(op));
        double blocks = Math.Ceiling((double)a.SeqLen / AttentionBlockRows);
        // Causal: of the blocks×blocks score tiles only those on or below the diagonal run. A context-parallel rank's
        // two load-balanced chunks see the same share of the keys on average, so the fraction holds for its rows too.
        double causal = a.Causal ? (blocks + 1) / (2 * blocks) : 1;
        double ctas = a.Batch * a.Heads * (a.Kernel.SplitsSequence() ? Math.Ceiling((double)a.Queries / AttentionBlockRows) : 1);
        int sms = Profile.StreamingMultiprocessors;
        double waves = ctas / (Math.Ceiling(ctas / sms) * sms);
        Precision precision = op.Precision == Precision.Fp8 ? Precision.Bf16 : op.Precision;
        double rate = Accelerator.PeakFor(precision).FlopsPerSecond * fraction * waves * ClockFactor;
        double seconds = Math.Max(work.Flops.Flops * causal / rate, work.Moved.Count / AchievableMemoryBandwidth.BytesPerSecond);
        return Duration.FromSecondsCeiling(seconds);
    }

    /// <summary>
    /// Bytes over the accelerator's PCIe x16 host link in one direction: 8, 16, 32, 64 GT/s per lane for generations
    /// 3 to 6 with 128b/130b encoding (6: 242/256 FLIT efficiency), of which 256-byte payloads in TLPs of 280 bytes
    /// (16-byte header, sequence number, LCRC and framing) carry 91.4% (PCI-SIG base specifications).
    /// </summary>
    private Duration HostLinkBody(WorkAmount work)
    {
        // GT/s per lane times the line code's payload share: one bit per transfer and lane.
        double payloadGigabitsPerLane = Accelerator.PcieGeneration switch
        {
            3 => 8 * 128.0 / 130,
            4 => 16 * 128.0 / 130,
            5 => 32 * 128.0 / 130,
            6 => 64 * 242.0 / 256,
            _ => throw new ArgumentException($"parallelism.offload_activations: {Accelerator.Id} has no PCIe host link in the catalog (PCIe generation {Accelerator.PcieGeneration})"),
        };
        const int Lanes = 16;
        const double TlpEfficiency = 256.0 / 280;
        ByteRate link = ByteRate.FromGBps(payloadGigabitsPerLane * Lanes / 8 * TlpEfficiency);
        return work.Moved / link;
    }

    private Duration MemoryPhase(WorkAmount work, Duration host) =>
        work.IsEmpty ? Duration.Zero : Kernel(host, MemoryBody(work.Moved.Count, work.Flops.Flops));

    private Duration MemoryBody(double bytes, double flops)
    {
        FlopRate vector = Accelerator.DensePeak.TryGetValue(Precision.Fp32, out FlopRate fp32) ? fp32 : Accelerator.DensePeak.Values.Max();
        double seconds = Math.Max(bytes / AchievableMemoryBandwidth.BytesPerSecond, flops / (vector.FlopsPerSecond * ClockFactor));
        return Duration.FromSecondsCeiling(seconds);
    }

    private Duration Kernel(Duration host, Duration body) => Duration.Max(host, Profile.KernelLaunchLatency + body);

    /// <summary>
    /// The main loop's ceiling for a precision: the measured best matmul efficiency (or the nearest measured
    /// precision's), raised so that this model reproduces the measurement at the shape it was taken at, whose time
    /// also held that shape's tile quantization and exposed output stores. Computed once per precision.
    /// </summary>
    private double Ceiling(Precision precision)
    {
        int slot = (int)precision;
        double cached = Volatile.Read(ref _ceilings[slot]);
        if (cached > 0)
        {
            return cached;
        }

        (double measured, Precision p) = Measured(precision);
        double ceiling = Accelerator.MatmulCeilingShape.TryGetValue(p, out MatmulShape at) ? MainLoopCeiling(measured, at, p) : measured;
        Volatile.Write(ref _ceilings[slot], ceiling);
        return ceiling;
    }

    /// <summary>The measured best matmul efficiency for the precision, or the nearest measured precision's (1 when none).</summary>
    private double MeasuredCeiling(Precision precision) => Measured(precision).Ceiling;

    private (double Ceiling, Precision MeasuredAs) Measured(Precision precision)
    {
        IReadOnlyDictionary<Precision, double> c = Accelerator.MatmulCeiling;
        foreach (Precision p in (ReadOnlySpan<Precision>)[precision, Precision.Bf16, Precision.Fp16, Precision.Fp8])
        {
            if (c.TryGetValue(p, out double v) && v is > 0 and <= 1)
            {
                return (v, p);
            }
        }

        return (1, precision);
    }

    /// <summary>The main-loop ceiling c′ for which a GEMM of <paramref name="at"/> takes FLOPs / (peak · <paramref name="measured"/>).</summary>
    private double MainLoopCeiling(double measured, MatmulShape at, Precision precision)
    {
        var shape = new GemmShape(at.M, at.N, at.K);
        double peak = Accelerator.PeakFor(precision).FlopsPerSecond;
        double relative = GemmTileModel.RelativeEfficiency(shape, Profile.StreamingMultiprocessors, Profile.L2Bandwidth?.BytesPerSecond,
            peak, precision.BytesPerElement(), measured, AchievableMemoryBandwidth.BytesPerSecond, Profile.MulticastCluster);
        double measuredSeconds = shape.Flops / (peak * measured);
        double loop = measuredSeconds - ExposedStoreSeconds(shape, (double)at.M * at.N * precision.BytesPerElement());
        return loop > 0 ? Math.Min(1, shape.Flops / (peak * relative * loop)) : measured;
    }
}
