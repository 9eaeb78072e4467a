namespace DeepScale.HostLab.Kernels;

/// <summary>
/// The register-tile micro-kernel a GEMM runs on: the widest the processor supports, or a narrower one forced
/// (tests use this to check that every kernel gives the same bits).
/// </summary>
internal enum GemmKernel
{
    /// <summary>The widest supported: <see cref="Avx512"/>, else <see cref="Avx2"/>, else <see cref="Portable"/>.</summary>
    Best,

    /// <summary>8×32 tile in 16 zmm accumulators (AVX-512F FMA).</summary>
    Avx512,

    /// <summary>6×16 tile in 12 ymm accumulators (AVX2 + FMA3).</summary>
    Avx2,

    /// <summary>4×8 tile with scalar fused multiply-adds: any processor.</summary>
    Portable,
}
