namespace DeepScale.HostLab.Kernels;

/// <summary>The element-wise kernels the host lab measures.</summary>
public enum ElementwiseOp
{
    /// <summary>z = x + y.</summary>
    Add,

    /// <summary>y = α·x.</summary>
    Scale,

    /// <summary>y = α·x + y.</summary>
    Axpy,

    /// <summary>y = max(x, 0).</summary>
    Relu,

    /// <summary>y = GELU(x), tanh form.</summary>
    Gelu,
}
