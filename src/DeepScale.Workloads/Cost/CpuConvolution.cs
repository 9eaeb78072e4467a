using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// A 2-D convolution of <see cref="Batch"/> images executed image by image: the input is unfolded (im2col) into a
/// <see cref="PatchSize"/>×<see cref="OutPixels"/> patch matrix, multiplied by the <see cref="OutChannels"/>×
/// <see cref="PatchSize"/> filter matrix, and the bias is added.
/// </summary>
/// <param name="Batch">Images.</param>
/// <param name="OutChannels">Filters (output channels).</param>
/// <param name="OutPixels">Output height × width.</param>
/// <param name="PatchSize">Input channels × kernel height × kernel width.</param>
public sealed record CpuConvolution(int Batch, int OutChannels, int OutPixels, int PatchSize) : CpuKernel
{
    /// <summary>2·N·K·P·Q·C·R·S.</summary>
    public override FlopCount Flops => new(2.0 * Batch * OutChannels * OutPixels * PatchSize);

    /// <summary>Patch matrix, filters and output, each once per image.</summary>
    public override Bytes BytesMoved =>
        new(FloatBytes * Batch * (((double)PatchSize * OutPixels) + ((double)OutChannels * PatchSize) + ((double)OutChannels * OutPixels)));
}
