using System.Collections.Immutable;

namespace DeepScale.Workloads.Models;

/// <summary>
/// A convolutional network as a sequence of blocks applied to a fixed-size image (ResNet-50, a generic CNN, the
/// mammography model). The output of the last block is the logits the loss reads.
/// </summary>
/// <param name="Id">Preset id or name.</param>
/// <param name="Family"><see cref="ModelFamily.ResNet"/> or <see cref="ModelFamily.Cnn"/>.</param>
/// <param name="InputChannels">Channels of the input image (1 for a grey-scale mammogram, 3 for RGB).</param>
/// <param name="InputHeight">Image height in pixels.</param>
/// <param name="InputWidth">Image width in pixels.</param>
/// <param name="Blocks">The blocks in order; the last must be <see cref="ConvNetBlockKind.Dense"/>.</param>
public sealed record ConvNetModel(
    string Id, ModelFamily Family, int InputChannels, int InputHeight, int InputWidth, ImmutableArray<ConvNetBlock> Blocks)
    : ModelDescription(Id, Family)
{
    /// <inheritdoc/>
    public override ConvNetModel Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new WorkloadSpecException("model.id", "must not be empty");
        }

        if (Family is not (ModelFamily.ResNet or ModelFamily.Cnn))
        {
            throw new WorkloadSpecException("model.family", $"{Family} is not a convolutional family (resnet, cnn)");
        }

        WorkloadLimits.RequireRange("model.input_channels", InputChannels, WorkloadLimits.MaxWidth);
        WorkloadLimits.RequireRange("model.input_height", InputHeight, WorkloadLimits.MaxImageSide);
        WorkloadLimits.RequireRange("model.input_width", InputWidth, WorkloadLimits.MaxImageSide);
        if (Blocks.IsDefaultOrEmpty)
        {
            throw new WorkloadSpecException("model.blocks", "must list at least one block");
        }

        WorkloadLimits.RequireRange("model.blocks", Blocks.Length, WorkloadLimits.MaxLayers);
        if (Blocks[^1].Kind != ConvNetBlockKind.Dense)
        {
            throw new WorkloadSpecException($"model.blocks[{Blocks.Length - 1}]", "the last block must be dense (the classifier)");
        }

        long height = InputHeight, width = InputWidth;
        bool flat = false;
        for (int i = 0; i < Blocks.Length; i++)
        {
            ConvNetBlock b = Blocks[i];
            string field = $"model.blocks[{i}]";
            if (flat && b.Kind != ConvNetBlockKind.Dense)
            {
                throw new WorkloadSpecException(field, $"{b.Kind} cannot follow a pooled or dense layer");
            }

            switch (b.Kind)
            {
                case ConvNetBlockKind.Conv or ConvNetBlockKind.MaxPool:
                    if (b.Kind == ConvNetBlockKind.Conv)
                    {
                        WorkloadLimits.RequireRange(field + ".channels", b.Channels, WorkloadLimits.MaxWidth);
                    }

                    WorkloadLimits.RequireRange(field + ".kernel", b.Kernel, 64);
                    WorkloadLimits.RequireRange(field + ".stride", b.Stride, 1024);
                    if (b.Padding < 0 || b.Padding >= b.Kernel)
                    {
                        throw new WorkloadSpecException(field + ".padding", $"{b.Padding} must be in 0..kernel-1 ({b.Kernel - 1})");
                    }

                    height = ConvOutput(height, b.Kernel, b.Stride, b.Padding);
                    width = ConvOutput(width, b.Kernel, b.Stride, b.Padding);
                    break;
                case ConvNetBlockKind.Bottleneck or ConvNetBlockKind.Basic or ConvNetBlockKind.PreActivationBasic:
                    WorkloadLimits.RequireRange(field + ".channels", b.Channels, WorkloadLimits.MaxWidth);
                    WorkloadLimits.RequireRange(field + ".stride", b.Stride, 1024);
                    height = ConvOutput(height, 3, b.Stride, 1);
                    width = ConvOutput(width, 3, b.Stride, 1);
                    break;
                case ConvNetBlockKind.GlobalAveragePool:
                    height = width = 1;
                    flat = true;
                    break;
                case ConvNetBlockKind.Dense:
                    WorkloadLimits.RequireRange(field + ".channels", b.Channels, WorkloadLimits.MaxWidth);
                    flat = true;
                    break;
                case ConvNetBlockKind.BatchNormRelu:
                    break;
                default:
                    throw new WorkloadSpecException(field + ".kind", $"{b.Kind} is not a known block kind");
            }

            if (height < 1 || width < 1)
            {
                throw new WorkloadSpecException(field, $"the feature map shrinks to {height}x{width}; the input is too small for this block");
            }
        }

        return this;
    }

    /// <summary>Output side of a convolution or pooling window: ⌊(n + 2p − k) / s⌋ + 1.</summary>
    public static long ConvOutput(long size, int kernel, int stride, int padding) => ((size + (2L * padding) - kernel) / stride) + 1;
}
