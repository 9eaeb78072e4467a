using System.Diagnostics;

using DeepScale.Benchmarks.Calibration;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Cli.Commands;

/// <summary>
/// Whether this machine runs at the speed it was calibrated at: times the trainer's own hidden-layer product (a
/// 64×512×512 single-threaded GEMM, one of the calibration's micro-kernels) and compares it with the median the
/// calibration measured. A virtual machine's cores slow down when its neighbours load the host (shared caches,
/// memory bandwidth and turbo budget), which no process count inside the guest shows; a prediction from the
/// calibrated profile is a prediction for the machine in its calibrated state.
/// </summary>
public sealed class MachineSpeedProbe
{
    /// <summary>How much slower than at calibration the reference may run before the machine counts as disturbed.</summary>
    public const double TolerancePercent = 10;

    private const string Parameters = "Shape=64x512x512;Threads=1";
    private const int Warmup = 50;
    private const int Samples = 301;

    private readonly float[] _a = Filled(64 * 512, 1);
    private readonly float[] _b = Filled(512 * 512, 2);
    private readonly float[] _c = new float[64 * 512];

    private MachineSpeedProbe(double calibratedSeconds) => CalibratedSeconds = calibratedSeconds;

    /// <summary>The calibration's median time of the reference kernel.</summary>
    public double CalibratedSeconds { get; }

    /// <summary>
    /// The probe for the calibration in <paramref name="calibrationDirectory"/> (its measurements.csv), or null with
    /// the reason when that table or its reference row is missing.
    /// </summary>
    public static (MachineSpeedProbe? Probe, string? Missing) Open(string calibrationDirectory)
    {
        string path = Path.Combine(calibrationDirectory, "measurements.csv");
        if (!File.Exists(path))
        {
            return (null, $"{path} does not exist");
        }

        try
        {
            KernelMeasurement? row = MeasurementTable.Parse(File.ReadAllText(path), path)
                .FirstOrDefault(m => m.Case.Kernel == HostKernel.Gemm && m.Case.Parameters == Parameters);
            return row is null ? (null, $"{path} has no gemm row {Parameters}") : (new MachineSpeedProbe(row.Median.Seconds), null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException)
        {
            return (null, $"{path}: {e.Message}");
        }
    }

    /// <summary>How much slower than at calibration the reference kernel runs now, in percent (negative: faster).</summary>
    public double SlowdownPercent()
    {
        var shape = new GemmShape(64, 512, 512);
        for (int i = 0; i < Warmup; i++)
        {
            Gemm.Multiply(_a, _b, _c, shape);
        }

        double[] times = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Gemm.Multiply(_a, _b, _c, shape);
            times[i] = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        }

        Array.Sort(times);
        return ((times[Samples / 2] / CalibratedSeconds) - 1) * 100;
    }

    private static float[] Filled(int length, int seed)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = ((((i * 7) + seed) % 13) - 6) / 13f;
        }

        return values;
    }
}
