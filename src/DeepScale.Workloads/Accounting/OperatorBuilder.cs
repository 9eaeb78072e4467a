using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// Builds the operators of one layer from tensor sizes. GEMM inputs are read in the math precision, outputs and
/// gradients written in the activation precision; every size is in elements times bytes per element.
/// </summary>
/// <remarks>
/// FLOPs of memory-bound kernels are operation counts per element (a softmax: max, subtract, exponent, sum, divide
/// = 5; a tanh-approximated GeLU about 8; a normalization about 8). They decide nothing in practice: even at 8
/// operations per 2-byte element a kernel needs 4 FLOP/B, far below the fp32-vector-to-HBM ratio of any listed
/// GPU (A100: 19.5 TFLOP/s over 1.8 TB/s ≈ 11 FLOP/B), so the byte term of the roofline sets their time.
/// </remarks>
internal sealed class OperatorBuilder(int layerIndex, AccountingOptions options)
{
    /// <summary>Bytes per activation element.</summary>
    public double E { get; } = options.ActivationBytes;

    /// <summary>Bytes per GEMM input element (1 for FP8).</summary>
    public double Eg { get; } = options.Precision.BytesPerElement();

    public int LayerIndex { get; } = layerIndex;

    public Precision Precision { get; } = options.Precision;

    /// <summary>
    /// A linear layer Y[m×n] = X[m×k]·W[k×n]: forward, input-gradient dX = dY·Wᵀ and weight-gradient dW = Xᵀ·dY,
    /// each 2·m·n·k FLOPs. <paramref name="bias"/> of the <paramref name="parameters"/> are a separate bias tensor.
    /// </summary>
    public Operator Linear(string name, double m, double n, double k, long parameters, double savedBytes,
        ImmutableArray<ModelParallelExchange> exchanges, long tiedParameters = 0, long bias = 0)
    {
        double flops = 2 * m * n * k;
        return new Operator(name, LayerIndex, OperatorKind.Gemm, Precision,
            WorkAmount.Of(flops, ((m * k) + (k * n)) * Eg, m * n * E),
            WorkAmount.Of(flops, (m * n * E) + (k * n * Eg), m * k * E),
            WorkAmount.Of(flops, (m * k * Eg) + (m * n * E), k * n * E),
            parameters, new Bytes(savedBytes))
        {
            Gemm = new GemmShape((long)m, (long)n, (long)k),
            TiedParameters = tiedParameters,
            Exchanges = exchanges,
            ParameterTensors = bias > 0 && bias < parameters ? [parameters - bias, bias] : [],
        };
    }

    /// <summary>A batched product of two activations C = A·B (no weights): its backward is two GEMMs of the same size.</summary>
    public Operator BatchedMatmul(string name, double batch, double m, double n, double k, double savedBytes)
    {
        double flops = 2 * batch * m * n * k;
        return new Operator(name, LayerIndex, OperatorKind.AttentionGemm, Precision,
            WorkAmount.Of(flops, batch * ((m * k) + (k * n)) * Eg, batch * m * n * E),
            WorkAmount.Of(2 * flops, batch * ((2 * m * n * E) + (((m * k) + (k * n)) * Eg)), batch * ((m * k) + (k * n)) * E),
            WorkAmount.Zero, 0, new Bytes(savedBytes))
        {
            Gemm = new GemmShape((long)m, (long)n, (long)k, (long)batch),
        };
    }

    /// <summary>A convolution as an implicit GEMM; <paramref name="inputGradient"/> is false for the layer that reads the data.</summary>
    public Operator Convolution(string name, double m, double n, double k, double inputBytes, double outputBytes,
        long parameters, double savedBytes, bool inputGradient, ConvolutionShape? shape = null)
    {
        double flops = 2 * m * n * k;
        double weightBytes = k * n * Eg;
        return new Operator(name, LayerIndex, OperatorKind.Convolution, Precision,
            WorkAmount.Of(flops, inputBytes + weightBytes, outputBytes),
            inputGradient ? WorkAmount.Of(flops, outputBytes + weightBytes, inputBytes) : WorkAmount.Zero,
            WorkAmount.Of(flops, inputBytes + outputBytes, k * n * E),
            parameters, new Bytes(savedBytes))
        {
            Gemm = new GemmShape((long)m, (long)n, (long)k),
            Convolution = shape,
        };
    }

    /// <summary>A memory-bound kernel: its forward and backward traffic given in bytes.</summary>
    public Operator Memory(string name, OperatorKind kind, double forwardFlops, double forwardRead, double forwardWritten,
        double backwardRead, double backwardWritten, long parameters = 0, double savedBytes = 0,
        ImmutableArray<ModelParallelExchange> exchanges = default, WorkAmount? backwardWeight = null)
    {
        return new Operator(name, LayerIndex, kind, Precision,
            WorkAmount.Of(forwardFlops, forwardRead, forwardWritten),
            backwardRead + backwardWritten > 0 ? WorkAmount.Of(forwardFlops, backwardRead, backwardWritten) : WorkAmount.Zero,
            backwardWeight ?? WorkAmount.Zero,
            parameters, new Bytes(savedBytes))
        {
            Exchanges = exchanges.IsDefault ? [] : exchanges,
        };
    }

    /// <summary>
    /// A normalization over <paramref name="elements"/> values (LayerNorm, RMSNorm, batch norm): reads x and the
    /// scale, writes y; its backward reads x and dy and writes dx; the parameter gradient is reduced in the same pass.
    /// Keeps its input for backward. Its parameters are <paramref name="tensors"/> equal tensors (LayerNorm: scale
    /// and shift).
    /// </summary>
    public Operator Norm(string name, double elements, long parameters, double flopsPerElement = 8, int tensors = 1)
    {
        Operator op = Memory(name, OperatorKind.Normalization, flopsPerElement * elements, elements * E, elements * E,
            2 * elements * E, elements * E, parameters, elements * E);
        return tensors > 1 && parameters % tensors == 0
            ? op with { ParameterTensors = [.. Enumerable.Repeat(parameters / tensors, tensors)] }
            : op;
    }

    /// <summary>
    /// A batch norm in training over <paramref name="elements"/> values: the per-channel statistics span the whole
    /// batch, so x is read once to reduce them and again to normalize (forward: two reads, one write), and the
    /// backward pass reduces Σdy and Σdy·x̂ before it can write dx (x and dy each read twice, dx written once). These
    /// are the two kernels of each direction in PyTorch's CUDA batch norm (aten/src/ATen/native/cuda/Normalization.cuh:
    /// batch_norm_collect_statistics_kernel then batch_norm_transform_input_kernel; batch_norm_backward_reduce_kernel
    /// then batch_norm_backward_elemt_kernel). The scale and shift are its two parameter tensors.
    /// </summary>
    public Operator BatchNorm(string name, double elements, long channels) =>
        Memory(name, OperatorKind.Normalization, 8 * elements, 2 * elements * E, elements * E, 4 * elements * E, elements * E,
            2 * channels, elements * E) with
        {
            ParameterTensors = [channels, channels],
        };
}
