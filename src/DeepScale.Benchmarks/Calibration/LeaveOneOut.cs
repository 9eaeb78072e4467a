using System.Globalization;
using System.Text;

using DeepScale.Workloads.Cost;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The leave-one-out check of a calibration: for every micro-kernel case, the profile is fitted again without it
/// and predicts it; the error says how well the profile predicts a kernel it has not seen. The FMA probe is not
/// checked: it defines the peak rather than being predicted from it. A case that is the only one to constrain some
/// parameter its time depends on is not predicted: without it that parameter would keep the value the full fit took from the case itself
/// (the refit starts there), which would score the case against its own measurement.
/// </summary>
public static class LeaveOneOut
{
    /// <summary>The acceptance target: every case within this many percent.</summary>
    public const double TargetPercent = 10;

    /// <summary>The header of leave-one-out.csv.</summary>
    public const string Header = "kernel,params,measured_s,predicted_s,error_pct";

    /// <summary>Refits without each case in turn (warm-started from <paramref name="full"/>) and predicts it.</summary>
    public static IReadOnlyList<LeaveOneOutRow> Run(IReadOnlyList<KernelMeasurement> measurements, HostCalibrationFit full)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(full);
        IReadOnlyList<KernelMeasurement> sorted = MeasurementTable.Sorted(measurements);
        var rows = new List<LeaveOneOutRow>();
        foreach (KernelMeasurement left in sorted)
        {
            if (left.Case.Kernel == HostKernel.PeakFlops)
            {
                continue;
            }

            List<KernelMeasurement> rest = [.. sorted.Where(m => !ReferenceEquals(m, left))];
            try
            {
                HostCalibrationFit fit = HostProfileFitter.Fit(rest, full.Facts, full.ComputeVector);
                CpuPeaks peak = CpuKernelModel.PeaksOf(fit.Profile);
                string[] alone = [.. fit.UnconstrainedParameters.Except(full.UnconstrainedParameters, StringComparer.Ordinal)
                    .Where(name => HostProfileFitter.DependsOn(left.Case, fit.ComputeVector, IndexOf(name), fit.Facts, peak))];
                if (alone.Length > 0)
                {
                    rows.Add(new LeaveOneOutRow(left.Case, left.Mean, null, $"no other case constrains {string.Join(", ", alone)}"));
                    continue;
                }

                var model = new HostCostModel(fit.Profile, fit.Facts);
                rows.Add(new LeaveOneOutRow(left.Case, left.Mean, model.Predict(left.Case), ""));
            }
            catch (CalibrationFitException e)
            {
                rows.Add(new LeaveOneOutRow(left.Case, left.Mean, null, e.Message));
            }
        }

        return rows;
    }

    private static int IndexOf(string parameter)
    {
        for (int a = 0; a < ComputeModel.Count; a++)
        {
            if (ComputeModel.Names[a] == parameter)
            {
                return a;
            }
        }

        throw new ArgumentException($"unknown parameter {parameter}", nameof(parameter));
    }

    /// <summary>leave-one-out.csv: <c>kernel,params,measured_s,predicted_s,error_pct</c>; an unpredicted case has
    /// empty predicted_s and error_pct.</summary>
    public static string Format(IEnumerable<LeaveOneOutRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(Header).Append('\n');
        foreach (LeaveOneOutRow r in rows)
        {
            text.Append(r.Case.KernelName).Append(',').Append(r.Case.Parameters).Append(',')
                .Append(r.Measured.ToSecondsString()).Append(',')
                .Append(r.Predicted is { } p ? p.ToSecondsString() : "").Append(',')
                .Append(double.IsNaN(r.ErrorPercent) ? "" : r.ErrorPercent.ToString("0.00", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        return text.ToString();
    }
}
