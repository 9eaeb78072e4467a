using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Training;

/// <summary>
/// The kernels one training step of the trainer's MLP runs, in order, each with its shape (and so its FLOPs and
/// bytes): what a cost model needs to predict the step from calibrated kernel rates. Layer widths run from the
/// input features through the hidden layers to the classes; layer l holds W_l (in×out, row-major) and b_l.
/// </summary>
public static class MlpWork
{
    /// <summary>Σ_l (in_l + 1) · out_l: weights and biases.</summary>
    public static int ParameterCount(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        long total = 0;
        for (int l = 0; l + 1 < widths.Count; l++)
        {
            total += ((long)widths[l] + 1) * widths[l + 1];
        }

        return checked((int)total);
    }

    /// <summary>Forward pass and loss: per layer Z = A·W (GEMM), + b, activation (hidden layers); then softmax.</summary>
    public static IReadOnlyList<IKernelWork> Forward(IReadOnlyList<int> widths, int batch, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(widths);
        var work = new List<IKernelWork>();
        int layers = widths.Count - 1;
        for (int l = 0; l < layers; l++)
        {
            long outputs = (long)batch * widths[l + 1];
            work.Add(new GemmShape(batch, widths[l + 1], widths[l]));
            work.Add(new ElementwiseShape(ElementwiseOp.Add, outputs));
            if (l < layers - 1)
            {
                work.Add(new ElementwiseShape(activation == Activation.Relu ? ElementwiseOp.Relu : ElementwiseOp.Gelu, outputs));
            }
        }

        work.Add(new RowwiseShape(RowwiseOp.Softmax, batch, widths[layers]));
        return work;
    }

    /// <summary>
    /// Backward pass, last layer first: dW = Aᵀ·dZ (GEMM, A transposed), db = column sums of dZ, and for every
    /// layer but the first dA = dZ·Wᵀ (GEMM, W transposed) and dZ = dA ⊙ activation′.
    /// </summary>
    public static IReadOnlyList<IKernelWork> Backward(IReadOnlyList<int> widths, int batch, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(widths);
        var work = new List<IKernelWork>();
        for (int l = widths.Count - 2; l >= 0; l--)
        {
            work.Add(new GemmShape(widths[l], widths[l + 1], batch, TransposeA: true));
            work.Add(new ReductionShape((long)batch * widths[l + 1]));
            if (l > 0)
            {
                work.Add(new GemmShape(batch, widths[l], widths[l + 1], TransposeB: true));
                work.Add(new ElementwiseShape(activation == Activation.Relu ? ElementwiseOp.Relu : ElementwiseOp.Gelu, (long)batch * widths[l]));
            }
        }

        return work;
    }

    /// <summary>Optimizer step over P parameters: average the summed gradients (scale), v = μv (scale), v += g (add),
    /// w −= lr·v (axpy); without momentum only the scale and the axpy.</summary>
    public static IReadOnlyList<IKernelWork> Optimizer(int parameters, bool momentum) => momentum
        ?
        [
            new ElementwiseShape(ElementwiseOp.Scale, parameters),
            new ElementwiseShape(ElementwiseOp.Scale, parameters),
            new ElementwiseShape(ElementwiseOp.Add, parameters),
            new ElementwiseShape(ElementwiseOp.Axpy, parameters),
        ]
        :
        [
            new ElementwiseShape(ElementwiseOp.Scale, parameters),
            new ElementwiseShape(ElementwiseOp.Axpy, parameters),
        ];

    /// <summary>The FLOPs of a list of kernels.</summary>
    public static FlopCount TotalFlops(IEnumerable<IKernelWork> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.Aggregate(FlopCount.Zero, (sum, w) => sum + w.Flops);
    }
}
