using System.Buffers;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// A 2-D convolution (cross-correlation, as deep-learning frameworks define it) by im2col and GEMM
/// (Chellapilla, Puri and Simard 2006, "High performance convolutional neural networks for document processing"):
/// each image is unfolded into a (C·R·R)×(P·Q) patch matrix, and the filters (K×C·R·R) multiply it.
/// </summary>
public static class Conv2d
{
    /// <summary>
    /// <c>output[n, k, p, q] = bias[k] + Σ_{c,r,s} weights[k, c, r, s] · input[n, c, p·S − P + r, q·S − P + s]</c>,
    /// NCHW tensors, taps outside the image read zero. <paramref name="bias"/> may be empty (no bias).
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output,
        Conv2dShape shape, int threads = 1)
    {
        shape.Validate();
        RequireLength(input.Length, shape.InputElements, "conv2d.input");
        RequireLength(weights.Length, shape.WeightElements, "conv2d.weights");
        RequireLength(output.Length, shape.OutputElements, "conv2d.output");
        if (!bias.IsEmpty && bias.Length < shape.OutChannels)
        {
            throw new ArgumentException(
                $"conv2d.bias: holds {bias.Length} elements, {shape.OutChannels} output channels need one each", "conv2d.bias");
        }

        int outPlane = shape.OutHeight * shape.OutWidth;
        int inImage = shape.InChannels * shape.Height * shape.Width;
        int outImage = shape.OutChannels * outPlane;
        int colElements = shape.PatchSize * outPlane;
        float[] col = ArrayPool<float>.Shared.Rent(colElements);
        try
        {
            var gemm = new GemmShape(shape.OutChannels, outPlane, shape.PatchSize);
            for (int n = 0; n < shape.Batch; n++)
            {
                Span<float> patches = col.AsSpan(0, colElements);
                Unfold(input.Slice(n * inImage, inImage), patches, shape);
                Span<float> image = output.Slice(n * outImage, outImage);
                Gemm.Multiply(weights, patches, image, gemm, threads);
                if (!bias.IsEmpty)
                {
                    for (int k = 0; k < shape.OutChannels; k++)
                    {
                        Elementwise.AddScalar(image.Slice(k * outPlane, outPlane), bias[k]);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(col);
        }
    }

    /// <summary>im2col of one CHW image: row (c·R + r)·R + s, column p·Q + q.</summary>
    private static void Unfold(ReadOnlySpan<float> image, Span<float> patches, Conv2dShape shape)
    {
        int outH = shape.OutHeight;
        int outW = shape.OutWidth;
        int r = shape.KernelSize;
        int row = 0;
        for (int c = 0; c < shape.InChannels; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * shape.Height * shape.Width, shape.Height * shape.Width);
            for (int kh = 0; kh < r; kh++)
            {
                for (int kw = 0; kw < r; kw++, row++)
                {
                    Span<float> dst = patches.Slice(row * outH * outW, outH * outW);
                    for (int p = 0; p < outH; p++)
                    {
                        int ih = (p * shape.Stride) - shape.Padding + kh;
                        Span<float> dstRow = dst.Slice(p * outW, outW);
                        if (ih < 0 || ih >= shape.Height)
                        {
                            dstRow.Clear();
                            continue;
                        }

                        ReadOnlySpan<float> srcRow = plane.Slice(ih * shape.Width, shape.Width);
                        for (int q = 0; q < outW; q++)
                        {
                            int iw = (q * shape.Stride) - shape.Padding + kw;
                            dstRow[q] = iw >= 0 && iw < shape.Width ? srcRow[iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    private static void RequireLength(int length, long needed, string field)
    {
        if (length < needed)
        {
            throw new ArgumentException($"{field}: holds {length} elements, the shape needs {needed}", field);
        }
    }
}
