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
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64x64;Threads=1,1,0,0,-1,1,0,3\n", "measurements.csv:2: mean_s")]
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64x64;Threads=1,1,0,0\n", "measurements.csv:2: 5 columns")]
    [DataRow(MeasurementTable.Header + "\ngemm,Shape=64x64;Threads=1,1,0,0,1,1,0,3\n", "measurements.csv:2: calibration.gemm.Shape")]
    public void Parse_BadTable_ThrowsNamingLineAndColumn(string text, string expected)
    {
        FormatException e = Assert.ThrowsExactly<FormatException>(() => MeasurementTable.Parse(text, "measurements.csv"));
        Assert.Contains(expected, e.Message);
    }
}
