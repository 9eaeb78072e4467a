namespace DeepScale.Workloads.Models;

/// <summary>The kinds of block a <see cref="ConvNetModel"/> is built from.</summary>
public enum ConvNetBlockKind
{
    /// <summary>A convolution, optionally followed by batch norm and ReLU.</summary>
    Conv,

    /// <summary>Max pooling with indices saved for backward.</summary>
    MaxPool,

    /// <summary>Global average pooling to one value per channel.</summary>
    GlobalAveragePool,

    /// <summary>ResNet v1.5 bottleneck: 1×1, 3×3 (strided), 1×1 ×4 expansion, each with batch norm; projection shortcut when the shape changes (He et al. 2016).</summary>
    Bottleneck,

    /// <summary>ResNet basic block: two 3×3 convolutions with batch norm; projection shortcut when the shape changes.</summary>
    Basic,

    /// <summary>Pre-activation basic block (He et al. 2016b, "v2"): BN-ReLU-conv3×3 twice; the projection shortcut is a bare 1×1 convolution.</summary>
    PreActivationBasic,

    /// <summary>Batch norm followed by ReLU (the closing layer of a pre-activation network).</summary>
    BatchNormRelu,

    /// <summary>A fully connected layer, optionally followed by ReLU.</summary>
    Dense,
}
