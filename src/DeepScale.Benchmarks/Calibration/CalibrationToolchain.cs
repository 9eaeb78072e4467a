namespace DeepScale.Benchmarks.Calibration;

/// <summary>Where BenchmarkDotNet runs the measured cases.</summary>
public enum CalibrationToolchain
{
    /// <summary>Inside the calibrating process (BenchmarkDotNet's in-process emit toolchain): no generated project
    /// to build and no process start per case.</summary>
    InProcess,

    /// <summary>One freshly built child process per case (BenchmarkDotNet's default toolchain).</summary>
    OutOfProcess,
}
