using DeepScale.Benchmarks.Calibration;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class MeasurementTableTests
{
    [TestMethod]
    public void Parse_FormattedTable_RoundTrips()
    {
        IReadOnlyList<KernelMeasurement> measurements = Synthetic.Measurements(Synthetic.Profile, 0.01);
        string text = MeasurementTable.Format(measurements);
        IReadOnlyList<KernelMeasurement> back = MeasurementTable.Parse(text, "measurements.csv");
        CollectionAssert.AreEqual(MeasurementTable.Sorted(measurements).ToList(), back.ToList());
        Assert.AreEqual(text, MeasurementTable.Format(back));
    }

    [TestMethod]
    [DataRow("kernel,params\n", "measurements.csv:1")]
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64x64;Threads=1,1,0,0,-1,1,0,3,\n", "measurements.csv:2: mean_s")]
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64x64;Threads=1,1,0,0\n", "measurements.csv:2: 5 columns")]
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64;Threads=1,1,0,0,1,1,0,3,\n", "measurements.csv:2: calibration.gemm.Shape")]
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64x64;Threads=1,1,0,0,1,1,0,3,fast\n", "measurements.csv:2: reference_slowdown_pct")]
    public void Parse_BadTable_ThrowsNamingLineAndColumn(string text, string expected)
    {
        FormatException e = Assert.ThrowsExactly<FormatException>(() => MeasurementTable.Parse(text, "measurements.csv"));
        Assert.Contains(expected, e.Message);
    }

    [TestMethod]
    public void Parse_ReferenceSlowdown_RoundTripsAndMarksDisturbedCases()
    {
        IReadOnlyList<KernelMeasurement> measurements = Synthetic.Measurements(Synthetic.Profile, 0.01);
        KernelMeasurement[] marked = [.. measurements.Select((m, i) => m with { ReferenceSlowdownPercent = i % 3 == 0 ? 42.5 : i % 3 == 1 ? 3.1 : double.NaN })];

        IReadOnlyList<KernelMeasurement> back = MeasurementTable.Parse(MeasurementTable.Format(marked), "measurements.csv");

        CollectionAssert.AreEqual(MeasurementTable.Sorted(marked).ToList(), back.ToList());
        Assert.AreEqual(marked.Count(m => m.ReferenceSlowdownPercent > 10), back.Count(m => m.Disturbed));
        Assert.IsFalse(back.Any(m => double.IsNaN(m.ReferenceSlowdownPercent) && m.Disturbed));
    }

    [TestMethod]
    public void Parse_TableWithoutTheSlowdownColumn_ReadsItAsUnchecked()
    {
        const string text = "kernel,params,threads,flops,bytes,mean_s,median_s,stddev_s,samples\n"
            + "gemm,Shape=64x64x64;Threads=1,1,524288,49152,7.7E-06,7.8E-06,1E-07,5\n";

        KernelMeasurement m = MeasurementTable.Parse(text, "measurements.csv").Single();

        Assert.IsTrue(double.IsNaN(m.ReferenceSlowdownPercent));
        Assert.IsFalse(m.Disturbed);
        Assert.AreEqual(7.7e-6, m.Mean.Seconds, 1e-15);
    }
}
