using System.Diagnostics;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Whether this machine runs at its undisturbed speed: times the trainer's own hidden-layer product (a 64×512×512
/// single-threaded GEMM, one of the calibration's micro-kernels) and compares it with a reference time, either the
/// median a calibration measured or the fastest this probe has timed itself. A virtual machine's cores slow down
/// when its neighbours load the host (shared caches, memory bandwidth and turbo budget), which no process count
/// inside the guest shows; such interference only ever slows a kernel down, so the fastest time seen is the best
/// estimate of the undisturbed one. With several <see cref="Threads"/> the same GEMM runs on that many threads at
/// once, each on its own data, and a sample is the slowest thread's: a neighbour that takes one virtual CPU from
/// the guest leaves a one-thread probe on the other at full speed, but slows any work that needs both cores.
/// </summary>
public sealed class MachineSpeedProbe
{
    /// <summary>How much slower than the reference the kernel may run before the machine counts as disturbed.</summary>
    public const double TolerancePercent = 10;

    private const string Parameters = "Shape=64x512x512;Threads=1";
    private const int Warmup = 50;
    private const int Samples = 301;

    private readonly (float[] A, float[] B, float[] C)[] _buffers;
    private readonly bool _selfReferenced;

    private MachineSpeedProbe(double referenceSeconds, bool selfReferenced, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ReferenceSeconds = referenceSeconds;
        _selfReferenced = selfReferenced;
        Threads = threads;
        _buffers = [.. Enumerable.Range(0, threads).Select(_ => (Filled(64 * 512, 1), Filled(512 * 512, 2), new float[64 * 512]))];
    }

    /// <summary>Threads that run the kernel at once (1: one core).</summary>
    public int Threads { get; }

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
    public static MachineSpeedProbe SelfReferenced(int threads = 1) => new(double.PositiveInfinity, true, threads);

    /// <summary>
    /// A self-referenced probe on every logical processor at once, timed <paramref name="warmups"/> times to find
    /// its fastest; null on a single-processor machine, where the one-thread probe already covers it.
    /// </summary>
    public static MachineSpeedProbe? OnEveryCore(int warmups)
    {
        if (Environment.ProcessorCount < 2)
        {
            return null;
        }

        MachineSpeedProbe probe = SelfReferenced(Environment.ProcessorCount);
        for (int i = 0; i < warmups; i++)
        {
            probe.Seconds();
        }

        return probe;
    }

    /// <summary>The kernel's median time now, in seconds (a self-referenced probe also lowers its reference to it).</summary>
    public double Seconds()
    {
        double[] times = new double[Samples];
        if (Threads == 1)
        {
            Time(0, times, null);
        }
        else
        {
            // Every thread starts each sample together; the sample is the slowest thread's time.
            double[][] perThread = [.. Enumerable.Range(0, Threads).Select(_ => new double[Samples])];
            using var start = new Barrier(Threads);
            Thread[] threads = [.. Enumerable.Range(0, Threads).Select(t => new Thread(() => Time(t, perThread[t], start)) { IsBackground = true })];
            foreach (Thread t in threads)
            {
                t.Start();
            }

            foreach (Thread t in threads)
            {
                t.Join();
            }

            for (int i = 0; i < Samples; i++)
            {
                times[i] = perThread.Max(p => p[i]);
            }
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

    private void Time(int thread, double[] times, Barrier? start)
    {
        var shape = new GemmShape(64, 512, 512);
        (float[] a, float[] b, float[] c) = _buffers[thread];
        for (int i = 0; i < Warmup; i++)
        {
            Gemm.Multiply(a, b, c, shape);
        }

        for (int i = 0; i < times.Length; i++)
        {
            start?.SignalAndWait();
            long begin = Stopwatch.GetTimestamp();
            Gemm.Multiply(a, b, c, shape);
            times[i] = (double)(Stopwatch.GetTimestamp() - begin) / Stopwatch.Frequency;
        }
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
