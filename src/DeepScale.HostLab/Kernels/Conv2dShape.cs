using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// The shape of a 2-D convolution over a batch of NCHW images: <see cref="Batch"/> images of
/// <see cref="InChannels"/>×<see cref="Height"/>×<see cref="Width"/>, <see cref="OutChannels"/> filters of
/// <see cref="InChannels"/>×<see cref="KernelSize"/>×<see cref="KernelSize"/>, a square stride and zero padding.
/// </summary>
public readonly record struct Conv2dShape(
    int Batch, int InChannels, int Height, int Width, int OutChannels, int KernelSize, int Stride = 1, int Padding = 0) : IKernelWork
{
    /// <summary>Output height: ⌊(H + 2P − R) / S⌋ + 1.</summary>
    public int OutHeight => ((Height + (2 * Padding) - KernelSize) / Stride) + 1;

    /// <summary>Output width: ⌊(W + 2P − R) / S⌋ + 1.</summary>
    public int OutWidth => ((Width + (2 * Padding) - KernelSize) / Stride) + 1;

    /// <summary>Rows of the unfolded (im2col) matrix: C·R·R.</summary>
    public int PatchSize => InChannels * KernelSize * KernelSize;

    /// <summary>2·N·K·P·Q·C·R·S: one multiply-add per filter tap per output element (bias adds not counted).</summary>
    public FlopCount Flops => new(2.0 * Batch * OutChannels * OutHeight * OutWidth * PatchSize);

    /// <summary>Input, filters and output, each once, four bytes per element.</summary>
    public Bytes BytesMoved => new(sizeof(float) * ((double)InputElements + WeightElements + OutputElements));

    public long InputElements => (long)Batch * InChannels * Height * Width;

    public long WeightElements => (long)OutChannels * PatchSize;

    public long OutputElements => (long)Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>Throws when a dimension is not positive, padding is negative or the filter does not fit.</summary>
    public void Validate()
    {
        Positive(Batch, "conv2d.batch");
        Positive(InChannels, "conv2d.in_channels");
        Positive(Height, "conv2d.height");
        Positive(Width, "conv2d.width");
        Positive(OutChannels, "conv2d.out_channels");
        Positive(KernelSize, "conv2d.kernel_size");
        Positive(Stride, "conv2d.stride");
        if (Padding < 0)
        {
            throw new ArgumentOutOfRangeException("conv2d.padding", Padding, $"conv2d.padding: {Padding} must not be negative");
        }

        if (Height + (2 * Padding) < KernelSize || Width + (2 * Padding) < KernelSize)
        {
            throw new ArgumentOutOfRangeException("conv2d.kernel_size", KernelSize,
                $"conv2d.kernel_size: {KernelSize} is larger than the padded image {Height + (2 * Padding)}x{Width + (2 * Padding)}");
        }
    }

    private static void Positive(int value, string field)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field}: {value} must be at least 1");
        }
    }

    /// <summary>"N8 C16 32x32 K32 R3 S1 P1".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"N{Batch} C{InChannels} {Height}x{Width} K{OutChannels} R{KernelSize} S{Stride} P{Padding}");
}
