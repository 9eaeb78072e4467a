using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Accounting;

using DeepScale.Workloads.Memory;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// Times operators on a CPU with the calibrated kernel model: each phase of an operator becomes the kernel calls a
/// single-threaded CPU implementation makes (blocked GEMMs with their operand layouts, separate bias and activation
/// passes, row-wise softmax), and the phase's time is the sum of their times (a core runs one kernel after another).
/// </summary>
/// <remarks>
/// <para>A rank is one single-threaded worker process: every kernel runs on one thread. Ranks that share the cores
/// slow each other down in the replay, not here.</para>
/// <para>Linear layers store their weights row-major as in×out and compute Y = X·W, so the backward pass multiplies
/// by a transposed weight (dX = dY·Wᵀ, B stored N×K) and by a transposed input (dW = Xᵀ·dY, A stored K×M): the
/// layouts decide which operands the GEMM packs with a transposing copy. A host GEMM has no fused bias epilogue: a
/// layer with a bias adds it in a separate element-wise pass, and its backward sums dY over the rows.</para>
/// <para>Kernels are float32; an operator in another precision is timed as its float32 kernels.</para>
/// <para>Memory-bound operators known only by their traffic become single-pass maps: as many float32 elements as
/// they write, as many streams as their bytes cover, their counted FLOPs per element at the vector peak (at the
/// calibrated transcendental rate above two per element). Norms and softmaxes are row-wise kernels over
/// micro-batch rows. There is no fused attention kernel on a CPU: its FLOPs run at the GEMM micro-kernel rate.</para>
/// </remarks>
internal sealed class CpuOperatorCost
{
    private const double FloatBytes = CpuKernel.FloatBytes;

    private readonly double[] _p;
    private readonly CpuGeometry _geometry;
    private readonly CpuPeaks _peaks;

    public CpuOperatorCost(HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        Profile = cpu.Validated();
        _p = CpuKernelModel.ParametersOf(cpu);
        _geometry = CpuKernelModel.GeometryOf(cpu);
        _peaks = CpuKernelModel.PeaksOf(cpu);
    }

    public HostCpuCostProfile Profile { get; }

    /// <summary>Seconds of one kernel call on one thread.</summary>
    public double Seconds(CpuKernel kernel) => CpuKernelModel.Seconds(kernel, 1, _p, _geometry, _peaks);

    /// <summary>Time of a sequence of kernel calls on one core, rounded up to a tick.</summary>
    public Duration Time(IEnumerable<CpuKernel> kernels)
    {
        double seconds = 0;
        foreach (CpuKernel k in kernels)
        {
            seconds += Seconds(k);
        }

        return Duration.FromSecondsCeiling(seconds);
    }

    /// <summary>A fused streaming kernel known by its traffic and arithmetic.</summary>
    public Duration MemoryBound(Bytes moved, FlopCount flops) =>
        Duration.FromSecondsCeiling(CpuKernelModel.StreamKernelSeconds(moved.Count, 0, flops.Flops, _p, _geometry, _peaks));

    /// <summary>
    /// One optimizer step as a CPU framework runs it: separate element-wise passes over the parameters, each
    /// streaming its arrays once (PyTorch torch/optim, the foreach forms of SGD and Adam). First the summed gradients
    /// are scaled to their mean (data parallelism divides by the world size, DDP's default hook), then SGD with
    /// momentum makes v = μ·v, v += g, w −= η·v; Adam makes m = lerp(m, g, 1−β₁), v = β₂·v, v += (1−β₂)·g², the
    /// denominator √v into a temporary, its scaling and ε, and w −= η·m / denominator. Every pass but the
    /// temporary's first writes an array it reads (the framework's in-place foreach operations), so beyond L2 only
    /// that pass stores to lines it has not read.
    /// </summary>
    public Duration OptimizerStep(long parameters, OptimizerKind optimizer) => Time(optimizer switch
    {
        OptimizerKind.Sgd => [CpuMap.ScaleInPlace(parameters), CpuMap.ScaleInPlace(parameters), CpuMap.AddInPlace(parameters), CpuMap.Axpy(parameters)],
        _ =>
        [
            CpuMap.ScaleInPlace(parameters),
            new CpuMap(parameters, 3, true, 2),
            CpuMap.ScaleInPlace(parameters),
            new CpuMap(parameters, 3, true, 3),
            new CpuMap(parameters, 2, false, 1, Transcendental: true),
            new CpuMap(parameters, 2, true, 2),
            new CpuMap(parameters, 4, true, 3),
        ],
    });

    /// <summary>One (batched) GEMM without transposed operands, as the forward pass of a linear layer runs it.</summary>
    public Duration Gemm(GemmShape shape) => Time(Repeat(shape.Batch, Product(shape.M, shape.N, shape.K, false, false)));

    /// <summary>Times one operator in each phase; <paramref name="rows"/> is the micro-batch (rows of row-wise kernels).</summary>
    public OperatorTiming Time(Operator op, int rows)
    {
        ArgumentNullException.ThrowIfNull(op);
        rows = Math.Max(1, rows);
        return op.Kind switch
        {
            OperatorKind.Gemm => Linear(op),
            OperatorKind.AttentionGemm => ActivationProduct(op),
            OperatorKind.Convolution => Convolution(op, rows),
            OperatorKind.FusedAttention => new OperatorTiming(op, Unfused(op.Forward), Unfused(op.BackwardInput), Unfused(op.BackwardWeight)),
            OperatorKind.Normalization or OperatorKind.Softmax => new OperatorTiming(op,
                Phase(op.Forward, w => [Rowwise(op.Kind == OperatorKind.Normalization, w, rows)]),
                Phase(op.BackwardInput, w => [Rowwise(op.Kind == OperatorKind.Normalization, w, rows)]),
                Phase(op.BackwardWeight, w => [MapOf(w)])),
            OperatorKind.Loss => new OperatorTiming(op,
                Phase(op.Forward, w => [Rowwise(false, w, rows), new CpuMap(Elements(w), 3, false, 2)]),
                Phase(op.BackwardInput, w => [MapOf(w)]),
                Phase(op.BackwardWeight, w => [MapOf(w)])),
            _ => new OperatorTiming(op, Phase(op.Forward, w => [MapOf(w)]), Phase(op.BackwardInput, w => [MapOf(w)]),
                Phase(op.BackwardWeight, w => [MapOf(w)])),
        };
    }

    /// <summary>Y = X·W (+ b); dX = dY·Wᵀ; dW = Xᵀ·dY (and db = column sums of dY).</summary>
    private OperatorTiming Linear(Operator op)
    {
        GemmShape s = op.Gemm ?? throw new ArgumentException($"operator {op.Name}: a {op.Kind} needs a GEMM shape", nameof(op));
        bool bias = s.Batch == 1 && op.Parameters == (s.K * s.N) + s.N;
        long outputs = s.M * s.N * s.Batch;
        Duration forward = op.Forward.IsEmpty ? Duration.Zero
            : Time([.. Repeat(s.Batch, Product(s.M, s.N, s.K, false, false)), .. bias ? [CpuMap.Add(outputs)] : Array.Empty<CpuKernel>()]);
        Duration input = op.BackwardInput.IsEmpty ? Duration.Zero : Time(Repeat(s.Batch, Product(s.M, s.K, s.N, false, true)));
        Duration weight = op.BackwardWeight.IsEmpty ? Duration.Zero
            : Time([Product(s.K, s.N, s.M * s.Batch, true, false), .. bias ? [new CpuReduction(outputs)] : Array.Empty<CpuKernel>()]);
        return new OperatorTiming(op, forward, input, weight);
    }

    /// <summary>C = A·B between activations: backward dA = dC·Bᵀ and dB = Aᵀ·dC.</summary>
    private OperatorTiming ActivationProduct(Operator op)
    {
        GemmShape s = op.Gemm ?? throw new ArgumentException($"operator {op.Name}: a {op.Kind} needs a GEMM shape", nameof(op));
        Duration forward = op.Forward.IsEmpty ? Duration.Zero : Time(Repeat(s.Batch, Product(s.M, s.N, s.K, false, false)));
        Duration backward = op.BackwardInput.IsEmpty ? Duration.Zero
            : Time([.. Repeat(s.Batch, Product(s.M, s.K, s.N, false, true)), .. Repeat(s.Batch, Product(s.K, s.N, s.M, true, false))]);
        return new OperatorTiming(op, forward, backward, Duration.Zero);
    }

    /// <summary>
    /// A convolution by unfolding and GEMM per image (M = rows·output pixels, N = filters, K = patch); its backward
    /// passes as the two implicit GEMMs.
    /// </summary>
    private OperatorTiming Convolution(Operator op, int rows)
    {
        GemmShape s = op.Gemm ?? throw new ArgumentException($"operator {op.Name}: a {op.Kind} needs a GEMM shape", nameof(op));
        int images = (int)Math.Max(1, Math.Min(rows, s.M));
        Duration forward = op.Forward.IsEmpty ? Duration.Zero
            : Time([new CpuConvolution(images, Int(s.N, "filters"), Int(s.M / images, "output pixels"), Int(s.K, "patch"))]);
        Duration input = op.BackwardInput.IsEmpty ? Duration.Zero : Time([Product(s.M, s.K, s.N, false, true)]);
        Duration weight = op.BackwardWeight.IsEmpty ? Duration.Zero : Time([Product(s.K, s.N, s.M, true, false)]);
        return new OperatorTiming(op, forward, input, weight);
    }

    private Duration Phase(WorkAmount work, Func<WorkAmount, CpuKernel[]> kernels) => work.IsEmpty ? Duration.Zero : Time(kernels(work));

    private Duration Unfused(WorkAmount work) => work.IsEmpty ? Duration.Zero
        : Duration.FromSecondsCeiling(_p[CpuKernelModel.Launch] + (work.Flops.Flops / _p[CpuKernelModel.GemmRate]));

    private static CpuRowwise Rowwise(bool layerNorm, WorkAmount work, int rows)
    {
        long elements = Elements(work);
        int r = (int)Math.Max(1, Math.Min(rows, elements));
        return new CpuRowwise(layerNorm, r, Int(Math.Max(1, elements / r), "row length"));
    }

    private static CpuMap MapOf(WorkAmount work)
    {
        long elements = Elements(work);
        int streams = (int)Math.Clamp(Math.Round(work.Moved.Count / (FloatBytes * elements)), 1, 64);
        int flops = (int)Math.Clamp(Math.Round(work.Flops.Flops / elements), 0, 1_000);
        return new CpuMap(elements, streams, false, flops, Transcendental: flops > 2);
    }

    /// <summary>Float32 elements a phase writes (at least one).</summary>
    private static long Elements(WorkAmount work) => (long)Math.Max(1, Math.Round(work.Written.Count / FloatBytes));

    private static CpuGemm Product(long m, long n, long k, bool transposeA, bool transposeB) =>
        new(Int(m, "gemm.m"), Int(n, "gemm.n"), Int(k, "gemm.k"), transposeA, transposeB);

    private static IEnumerable<CpuKernel> Repeat(long count, CpuKernel kernel) => Enumerable.Repeat(kernel, (int)Math.Clamp(count, 1, int.MaxValue));

    private static int Int(long value, string field) => value is >= 0 and <= int.MaxValue
        ? (int)value
        : throw new Models.WorkloadSpecException(field, $"{value} exceeds what one CPU kernel call indexes ({int.MaxValue})");
}
