using System.Diagnostics;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Whether this machine runs at its undisturbed speed: times the trainer's own hidden-layer product (a 64×512×512
/// single-threaded GEMM, one of the calibration's micro-kernels) and compares it with a reference time, either the
/// median a calibration measured or the fastest this probe has timed itself. A virtual machine's cores slow down
/// when its neighbours load the host (shared caches, memory bandwidth and turbo budget), which no process count
/// inside the guest shows; such interference only ever slows a kernel down, so the fastest time seen is the best
/// estimate of the undisturbed one.
/// </summary>
public sealed class MachineSpeedProbe
{
    /// <summary>How much slower than the reference the kernel may run before the machine counts as disturbed.</summary>
    public const double TolerancePercent = 10;

    private const string Parameters = "Shape=64x512x512;Threads=1";
    private const int Warmup = 50;
    private const int Samples = 301;

    private readonly float[] _a = Filled(64 * 512, 1);
    private readonly float[] _b = Filled(512 * 512, 2);
    private readonly float[] _c = new float[64 * 512];
    private readonly bool _selfReferenced;

    private MachineSpeedProbe(double referenceSeconds, bool selfReferenced)
    {
        ReferenceSeconds = referenceSeconds;
        _selfReferenced = selfReferenced;
    }

    /// <summary>
    /// The reference time of the kernel: the calibration's median (<see cref="Open"/>), or the fastest this probe
    /// has measured (<see cref="SelfReferenced"/>; infinite before its first measurement).
    /// </summary>
    public double ReferenceSeconds { get; private set; }

    /// <summary>
    /// The probe for the calibration in <paramref name="calibrationDirectory"/> (its measurements.csv), or null with
    /// the reason when that table or its reference row is missing.
    /// </summary>
    public static (MachineSpeedProbe? Probe, string? Missing) Open(string calibrationDirectory)
    {
        string path = Path.Combine(calibrationDirectory, CalibrationRunner.MeasurementsFile);
        if (!File.Exists(path))
        {
            return (null, $"{path} does not exist");
        }

        try
        {
            KernelMeasurement? row = MeasurementTable.Parse(File.ReadAllText(path), path)
                .FirstOrDefault(m => m.Case.Kernel == HostKernel.Gemm && m.Case.Parameters == Parameters);
            return row is null ? (null, $"{path} has no gemm row {Parameters}") : (new MachineSpeedProbe(row.Median.Seconds, false), null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException)
        {
            return (null, $"{path}: {e.Message}");
        }
    }

    /// <summary>A probe whose reference is the fastest time it has measured so far: for a machine with no
    /// calibration yet, or one that is being calibrated.</summary>
    public static MachineSpeedProbe SelfReferenced() => new(double.PositiveInfinity, true);

    /// <summary>The kernel's median time now, in seconds (a self-referenced probe also lowers its reference to it).</summary>
    public double Seconds()
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
        double median = times[Samples / 2];
        if (_selfReferenced)
        {
            ReferenceSeconds = Math.Min(ReferenceSeconds, median);
        }

        return median;
    }

    /// <summary>How much slower than the reference the kernel runs now, in percent (negative: faster).</summary>
    public double SlowdownPercent() => SlowdownPercent(Seconds());

    /// <summary>How much slower than the reference a kernel time of <paramref name="seconds"/> is, in percent.</summary>
    public double SlowdownPercent(double seconds) => ((seconds / ReferenceSeconds) - 1) * 100;

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
