namespace DeepScale.Benchmarks.Calibration;

/// <summary>The host micro-kernels that calibration measures, one per benchmark class of
/// <see cref="Host.HostBenchmarks.Types"/>, and the calibration's own peak-FLOP probe.</summary>
public enum HostKernel
{
    /// <summary>Dense float32 GEMM (<see cref="Host.GemmBenchmarks"/>).</summary>
    Gemm,

    /// <summary>2-D convolution by im2col and GEMM (<see cref="Host.Conv2dBenchmarks"/>).</summary>
    Conv2d,

    /// <summary>Element-wise maps (<see cref="Host.ElementwiseBenchmarks"/>).</summary>
    Elementwise,

    /// <summary>Sum reduction (<see cref="Host.ReductionBenchmarks"/>).</summary>
    Reduction,

    /// <summary>Row softmax (<see cref="Host.SoftmaxBenchmarks"/>).</summary>
    Softmax,

    /// <summary>Row layer normalisation (<see cref="Host.LayerNormBenchmarks"/>).</summary>
    LayerNorm,

    /// <summary>Bulk memory copy (<see cref="Host.MemoryCopyBenchmarks"/>).</summary>
    MemoryCopy,

    /// <summary>Sequential file read (<see cref="Host.FileReadBenchmarks"/>).</summary>
    FileRead,

    /// <summary>Ring all-reduce over loopback TCP (<see cref="Host.AllReduceBenchmarks"/>).</summary>
    AllReduce,

    /// <summary>The peak-FLOP probe (<see cref="PeakFlopsBenchmarks"/>): not a cost-model kernel, it defines the peak.</summary>
    PeakFlops,
}
