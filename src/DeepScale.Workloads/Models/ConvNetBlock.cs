namespace DeepScale.Workloads.Models;

/// <summary>
/// One block of a convolutional network. Built through the factories, which set only the fields a kind uses.
/// </summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Channels">Output channels (Conv), planes (residual blocks, output = planes × expansion) or features (Dense).</param>
/// <param name="Kernel">Square kernel side (Conv, MaxPool).</param>
/// <param name="Stride">Stride (Conv, MaxPool, and the first convolution of a residual block).</param>
/// <param name="Padding">Zero padding on each side (Conv, MaxPool).</param>
/// <param name="BatchNorm">A batch norm follows the convolution (Conv).</param>
/// <param name="Relu">A ReLU follows (Conv, Dense).</param>
/// <param name="Bias">The convolution or dense layer has a bias.</param>
/// <param name="Projection">Residual blocks: force (true) or forbid (false) a 1×1 projection shortcut; null projects
/// exactly when the stride or the channel count changes.</param>
public sealed record ConvNetBlock(
    ConvNetBlockKind Kind, int Channels, int Kernel, int Stride, int Padding, bool BatchNorm, bool Relu, bool Bias,
    bool? Projection = null)
{
    public static ConvNetBlock Conv(int channels, int kernel, int stride, int padding, bool batchNorm = true, bool relu = true, bool bias = false) =>
        new(ConvNetBlockKind.Conv, channels, kernel, stride, padding, batchNorm, relu, bias);

    public static ConvNetBlock MaxPool(int kernel, int stride, int padding) =>
        new(ConvNetBlockKind.MaxPool, 0, kernel, stride, padding, false, false, false);

    public static ConvNetBlock GlobalAveragePool() =>
        new(ConvNetBlockKind.GlobalAveragePool, 0, 0, 1, 0, false, false, false);

    public static ConvNetBlock Bottleneck(int planes, int stride) =>
        new(ConvNetBlockKind.Bottleneck, planes, 3, stride, 1, true, true, false);

    public static ConvNetBlock Basic(int planes, int stride) =>
        new(ConvNetBlockKind.Basic, planes, 3, stride, 1, true, true, false);

    public static ConvNetBlock PreActivationBasic(int planes, int stride, bool? projection = null) =>
        new(ConvNetBlockKind.PreActivationBasic, planes, 3, stride, 1, true, true, false, projection);

    public static ConvNetBlock BatchNormRelu() =>
        new(ConvNetBlockKind.BatchNormRelu, 0, 0, 1, 0, true, true, false);

    public static ConvNetBlock Dense(int features, bool relu, bool bias = true) =>
        new(ConvNetBlockKind.Dense, features, 0, 1, 0, false, relu, bias);

    /// <summary>Channel multiplier of a residual block's output over its planes (4 for bottlenecks, 1 otherwise).</summary>
    public int Expansion => Kind == ConvNetBlockKind.Bottleneck ? 4 : 1;
}
