namespace DeepScale.Workloads.Accounting;

/// <summary>The geometry of one 2-D convolution on one device (NCHW, square kernel, dilation 1).</summary>
/// <param name="Batch">Samples in the micro-batch.</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="InHeight">Input height in pixels.</param>
/// <param name="InWidth">Input width in pixels.</param>
/// <param name="OutHeight">Output height in pixels.</param>
/// <param name="OutWidth">Output width in pixels.</param>
/// <param name="Kernel">Kernel side.</param>
/// <param name="Stride">Stride.</param>
public sealed record ConvolutionShape(long Batch, long InChannels, long OutChannels, long InHeight, long InWidth, long OutHeight, long OutWidth,
    int Kernel, int Stride);
