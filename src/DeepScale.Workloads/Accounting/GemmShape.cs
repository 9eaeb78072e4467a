namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The shape of a (batched) matrix multiply C[M×N] = A[M×K] · B[K×N], repeated <paramref name="Batch"/> times.
/// A convolution is described by its implicit-GEMM shape: M = samples × output pixels, N = output channels,
/// K = input channels × kernel area.
/// </summary>
public sealed record GemmShape(long M, long N, long K, long Batch = 1)
{
    /// <summary>2·M·N·K·Batch: one multiply and one add per term.</summary>
    public double Flops => 2.0 * M * N * K * Batch;
}
