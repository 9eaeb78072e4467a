namespace DeepScale.Benchmarks.Calibration;

/// <summary>How and when the measurements were taken (recorded in the fit report next to the fitted numbers).</summary>
/// <param name="Tool">The benchmark harness and its version.</param>
/// <param name="Job">The BenchmarkDotNet job: launches, warm-up and measured iterations.</param>
/// <param name="Toolchain">in-process or out-of-process.</param>
/// <param name="Environment">BenchmarkDotNet's description of the host and runtime.</param>
/// <param name="LoadBefore">The operating system's load averages before the run (other work on the machine).</param>
/// <param name="LoadAfter">The load averages after the run.</param>
/// <param name="Date">UTC date and time the run started, ISO 8601.</param>
public sealed record MeasurementContext(string Tool, string Job, string Toolchain, string Environment, string LoadBefore, string LoadAfter, string Date)
{
    /// <summary>The context of measurements whose origin is unknown (for example synthetic ones).</summary>
    public static MeasurementContext Unknown { get; } = new("unknown", "unknown", "unknown", "unknown", "", "", "");

    /// <summary>/proc/loadavg's first three fields, or empty where there is none.</summary>
    public static string LoadAverage()
    {
        try
        {
            string text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "";
            return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
