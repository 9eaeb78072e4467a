namespace DeepScale.HostLab.Kernels;

/// <summary>The row-wise normalisation kernels the host lab measures.</summary>
public enum RowwiseOp
{
    /// <summary>Numerically stable softmax of each row.</summary>
    Softmax,

    /// <summary>Layer normalisation of each row with a learned scale and shift.</summary>
    LayerNorm,
}
