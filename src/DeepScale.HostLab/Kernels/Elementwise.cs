namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Element-wise float32 kernels (add, scale, axpy, ReLU, GELU and the two activation gradients), vectorised with
/// the widest accelerated vectors. The output span may be one of the inputs.
/// </summary>
public static class Elementwise
{
    /// <summary>dst = x + y.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        Check(x.Length, y.Length, dst.Length, "elementwise.add");
        VectorMap.Binary(default(AddMap), x, y, dst);
    }

    /// <summary>dst = x + y, with sums below the smallest normal float in magnitude flushed to zero (<see cref="AddFlushToZeroMap"/>).</summary>
    public static void AddFlushToZero(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        Check(x.Length, y.Length, dst.Length, "elementwise.add_flush_to_zero");
        VectorMap.Binary(default(AddFlushToZeroMap), x, y, dst);
    }

    /// <summary>dst = α·x.</summary>
    public static void Scale(ReadOnlySpan<float> x, float alpha, Span<float> dst)
    {
        Check(x.Length, x.Length, dst.Length, "elementwise.scale");
        VectorMap.Unary(new ScaleMap(alpha), x, dst);
    }

    /// <summary>y = α·x + y (one fused multiply-add per element).</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        Check(x.Length, y.Length, y.Length, "elementwise.axpy");
        VectorMap.Binary(new AxpyMap(alpha), x, y, y);
    }

    /// <summary>values += c, in place.</summary>
    public static void AddScalar(Span<float> values, float c) => VectorMap.Unary(new AddScalarMap(c), values, values);

    /// <summary>dst = max(x, 0).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> dst)
    {
        Check(x.Length, x.Length, dst.Length, "elementwise.relu");
        VectorMap.Unary(default(ReluMap), x, dst);
    }

    /// <summary>dx = dy where x &gt; 0, else 0: the gradient of ReLU at pre-activation x.</summary>
    public static void ReluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check(x.Length, dy.Length, dx.Length, "elementwise.relu_gradient");
        VectorMap.Binary(default(ReluGradientMap), x, dy, dx);
    }

    /// <summary>dst = GELU(x), tanh form (Hendrycks and Gimpel 2016).</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> dst)
    {
        Check(x.Length, x.Length, dst.Length, "elementwise.gelu");
        VectorMap.Unary(default(GeluMap), x, dst);
    }

    /// <summary>dx = dy · GELU'(x) at pre-activation x.</summary>
    public static void GeluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check(x.Length, dy.Length, dx.Length, "elementwise.gelu_gradient");
        VectorMap.Binary(default(GeluGradientMap), x, dy, dx);
    }

    /// <summary>Runs <paramref name="op"/> as a benchmark does: add and axpy use both inputs, the others x only.</summary>
    public static void Run(ElementwiseOp op, ReadOnlySpan<float> x, Span<float> y, Span<float> dst, float alpha = 0.5f)
    {
        switch (op)
        {
            case ElementwiseOp.Add:
                Add(x, y, dst);
                break;
            case ElementwiseOp.Scale:
                Scale(x, alpha, dst);
                break;
            case ElementwiseOp.Axpy:
                Axpy(alpha, x, y);
                break;
            case ElementwiseOp.Relu:
                Relu(x, dst);
                break;
            case ElementwiseOp.Gelu:
                Gelu(x, dst);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "elementwise.op: unknown operation");
        }
    }

    private static void Check(int x, int y, int dst, string kernel)
    {
        if (y != x || dst != x)
        {
            throw new ArgumentException($"{kernel}: span lengths differ (x {x}, second input {y}, output {dst})", kernel);
        }
    }
}
