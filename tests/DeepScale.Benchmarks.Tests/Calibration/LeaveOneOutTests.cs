using DeepScale.Benchmarks.Calibration;
using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class LeaveOneOutTests
{
    [TestMethod]
    public void Run_ExactModelData_PredictsEveryCaseWithinOnePercent()
    {
        IReadOnlyList<KernelMeasurement> measurements = Synthetic.Measurements(Synthetic.Profile, 0);
        HostCalibrationFit fit = HostProfileFitter.Fit(measurements, Synthetic.Facts);
        IReadOnlyList<LeaveOneOutRow> rows = LeaveOneOut.Run(measurements, fit);
        Assert.HasCount(measurements.Count(m => m.Case.Kernel != HostKernel.PeakFlops), rows);
        LeaveOneOutRow worst = rows.OrderByDescending(r => double.IsNaN(r.ErrorPercent) ? double.MaxValue : Math.Abs(r.ErrorPercent)).First();
        Assert.IsTrue(worst.Within(1), $"{worst.Case}: {worst.ErrorPercent}% ({worst.Note})");
    }

    [TestMethod]
    public void Run_CaseThatAloneConstrainsAParameter_IsNotPredicted()
    {
        // With one GELU case left, nothing else sets the GELU rate: held out, the case could only be scored against
        // the rate the full fit took from it.
        KernelMeasurement[] gelu = [.. Synthetic.Measurements(Synthetic.Profile, 0).Where(m => m.Case.Work is ElementwiseShape { Op: ElementwiseOp.Gelu })];
        KernelMeasurement kept = gelu[^1];
        IReadOnlyList<KernelMeasurement> measurements = [.. Synthetic.Measurements(Synthetic.Profile, 0)
            .Where(m => m.Case.Work is not ElementwiseShape { Op: ElementwiseOp.Gelu } || m.Case.ToString() == kept.Case.ToString())];
        HostCalibrationFit fit = HostProfileFitter.Fit(measurements, Synthetic.Facts);

        LeaveOneOutRow row = LeaveOneOut.Run(measurements, fit).Single(r => r.Case.ToString() == kept.Case.ToString());

        Assert.IsNull(row.Predicted);
        Assert.IsFalse(row.Within(LeaveOneOut.TargetPercent));
        StringAssert.Contains(row.Note, "gelu");
    }

    [TestMethod]
    public void Format_Rows_HeaderAndOneLinePerRow()
    {
        KernelCase c = KernelCase.Parse("reduction", "Length=65536");
        string text = LeaveOneOut.Format(
        [
            new LeaveOneOutRow(c, Duration.FromMicroseconds(2), Duration.FromMicroseconds(2.1), ""),
            new LeaveOneOutRow(c, Duration.FromMicroseconds(2), null, "not enough cases"),
        ]);
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.AreEqual("kernel,params,measured_s,predicted_s,error_pct", lines[0]);
        Assert.AreEqual("reduction,Length=65536,2E-06,2.1E-06,5.00", lines[1]);
        Assert.AreEqual("reduction,Length=65536,2E-06,,", lines[2]);
    }
}
