using System.Globalization;
using System.Text;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// What a calibration run did: the measurements it took (in quick mode the dry run's, which are never fitted),
/// the fit and its leave-one-out check (full and refit modes), the state of the committed calibration (quick
/// mode), the files written, and every warning and failure in words.
/// </summary>
public sealed record CalibrationResult
{
    public required CalibrationMode Mode { get; init; }

    /// <summary>True when every benchmark ran and every file the mode writes was written.</summary>
    public bool Succeeded => Failures.Count == 0;

    /// <summary>Measured cases, in table order.</summary>
    public IReadOnlyList<KernelMeasurement> Measurements { get; init; } = [];

    /// <summary>The fitted profile (null in quick mode and when the fit failed).</summary>
    public HostCalibrationFit? Fit { get; init; }

    /// <summary>The leave-one-out rows (empty in quick mode).</summary>
    public IReadOnlyList<LeaveOneOutRow> LeaveOneOut { get; init; } = [];

    /// <summary>Quick mode: the committed calibration's state.</summary>
    public CommittedCalibrationState Committed { get; init; } = CommittedCalibrationState.NotChecked;

    /// <summary>Files written, in the order written.</summary>
    public IReadOnlyList<string> WrittenFiles { get; init; } = [];

    /// <summary>Conditions that do not fail the run (a fallback to the placeholder, a case outside the target).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Conditions that fail the run (a benchmark that produced no time, a fit that could not be made).</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>Wall time of the run.</summary>
    public Duration Elapsed { get; init; }

    /// <summary>A plain-text account of the run for a console: outcome, key fitted numbers, the leave-one-out
    /// summary, warnings, failures and files.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"calibration ({Mode.ToString().ToLowerInvariant()}): {(Succeeded ? "succeeded" : "FAILED")} in {Elapsed}, {Measurements.Count} cases measured\n");
        if (Mode == CalibrationMode.Quick)
        {
            text.Append(CultureInfo.InvariantCulture, $"  dry-run times are not fitted; committed calibration: {Committed}\n");
        }

        if (Fit is { } fit)
        {
            HostCpuCostProfile p = fit.Profile;
            text.Append(CultureInfo.InvariantCulture, $"  peak {p.PeakPerCore} per core, {p.PeakAllCores} all cores; GEMM {p.GemmCoreRate} per core (ceiling {p.MatmulCeiling:0.000})\n");
            text.Append(CultureInfo.InvariantCulture, $"  bandwidth L2 {p.L2Bandwidth}, L3 {p.L3Bandwidth}, DRAM {p.DramBandwidth} (all cores {p.DramBandwidthAllCores}); stores to unread lines L3 {p.StoreBandwidth.L3}, DRAM {p.StoreBandwidth.Dram}\n");
            text.Append(CultureInfo.InvariantCulture, $"  loopback link alpha {p.LoopbackLatency}, beta {p.LoopbackBandwidth}{(p.HasOversubscribedLoopback ? $" ({p.OversubscribedRanksPerCore:0.#} processes per core: alpha {p.OversubscribedLoopbackLatency}, beta {p.OversubscribedLoopbackBandwidth})" : "")}{(p.HasLoopbackCpuTime ? $"; processor time alpha {p.LoopbackCpuLatency}, beta {p.LoopbackCpuBandwidth}, idle-core wake-up {p.IdleCoreWakeLatency}" : "")}; storage {p.StorageBandwidth}, page cache {p.PageCacheBandwidth}\n");
            text.Append(CultureInfo.InvariantCulture, $"  launch {p.LaunchOverhead}, fork-join {p.ForkJoinOverhead}; fit rms {fit.RmsErrorPercent:0.0}%, max {fit.MaxAbsErrorPercent:0.0}%\n");
        }

        if (LeaveOneOut.Count > 0)
        {
            int within = LeaveOneOut.Count(r => r.Within(Calibration.LeaveOneOut.TargetPercent));
            text.Append(CultureInfo.InvariantCulture, $"  leave-one-out: {within}/{LeaveOneOut.Count} cases within ±{Calibration.LeaveOneOut.TargetPercent}%\n");
        }

        foreach (string warning in Warnings)
        {
            text.Append("  warning: ").Append(warning).Append('\n');
        }

        foreach (string failure in Failures)
        {
            text.Append("  failure: ").Append(failure).Append('\n');
        }

        foreach (string file in WrittenFiles)
        {
            text.Append("  wrote ").Append(file).Append('\n');
        }

        return text.ToString();
    }
}
