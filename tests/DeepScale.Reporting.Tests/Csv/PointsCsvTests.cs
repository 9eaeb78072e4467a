using System.Text.Json;

using DeepScale.Experiments.Results;
using DeepScale.Reporting.Csv;
using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Tests.Csv;

[TestClass]
public sealed class PointsCsvTests
{
    private static readonly string[] s_axes = ["parallelism.tensor", "cluster.system"];

    private static PointRecord Point(string tensor, string system, RunResult result) =>
        PointRecord.FromResult([new AxisValue("parallelism.tensor", tensor), new AxisValue("cluster.system", system)], result);

    private static PointsTable Table(params PointRecord[] points) => new(s_axes, points);

    [TestMethod]
    public void ToText_Points_AxisColumnsFirstThenResultColumnsWithUnitsAndLfLineEnds()
    {
        string text = PointsCsv.ToText(Table(Point("8", "dgx-a100-80gb", SampleData.Result("a", 64, 1.5, 10, 0.4))));

        string header = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        Assert.StartsWith("parallelism.tensor,cluster.system,name,gpus,fidelity,model_params,iteration_time_s,samples_per_s,tokens_per_s,", header);
        foreach (string column in new[] { "model_tflops_per_gpu", "peak_gib", "capacity_gib", "exposed_dp_comm_s", "usd_per_hour", "spec_sha256" })
        {
            Assert.Contains("," + column, header);
        }

        Assert.DoesNotContain("simulation_wall_s", header);
        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("\n", text);
        Assert.AreEqual(2, text.Count(c => c == '\n'));
    }

    [TestMethod]
    public void WriteThenRead_QuotingAndExactDoubles_RoundTripsEveryField()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("points.csv");
        RunResult tricky = SampleData.Result("name, with \"quotes\"\nand a line break", 2048, 0.1 + 0.2, 1e-300, 0.123456789012345, peakGib: 92) with
        {
            ModelParams = long.MaxValue,
            Manifest = new ManifestResult { DeepscaleVersion = "0.1.0", SpecSha256 = "ff", Seed = ulong.MaxValue, CatalogVersion = " padded " },
        };
        PointsTable table = Table(
            Point("8", "dgx-a100-80gb", SampleData.Result("plain", 64, 1.5, 10, 0.4)),
            Point("a,b", "say \"hi\"", tricky),
            Point(" leading space", "", SampleData.Result("x", 8, 2, 3, 0.5)));

        PointsCsv.Write(path, table);
        PointsTable read = PointsCsv.Read(path);

        CollectionAssert.AreEqual(s_axes, read.AxisNames.ToArray());
        Assert.HasCount(3, read.Points);
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(table.Points[i].Row, read.Points[i].Row);
            CollectionAssert.AreEqual(table.Points[i].Axes.ToArray(), read.Points[i].Axes.ToArray());
        }

        Assert.AreEqual(0.1 + 0.2, read.Points[1].Row.IterationTimeS);
        Assert.IsFalse(read.Points[1].Row.Fits);
        Assert.AreEqual("optimizer;activations", read.Points[1].Row.Overflowing);
    }

    [TestMethod]
    public void ToResult_FromResult_GivesBackTheResultWithoutWallTime()
    {
        RunResult original = SampleData.Result("r", 64, 1.5, 10, 0.4, peakGib: 90) with { SimulationWallS = 0 };

        RunResult back = PointRow.FromResult(original).ToResult();

        Assert.AreEqual(JsonSerializer.Serialize(original), JsonSerializer.Serialize(back));
    }

    [TestMethod]
    [DataRow(double.NaN, "NaN")]
    [DataRow(double.PositiveInfinity, "+infinity")]
    [DataRow(double.NegativeInfinity, "-infinity")]
    public void Write_NonFiniteValue_ThrowsNamingColumnAndRowAndKeepsThePreviousFile(double value, string words)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("points.csv");
        PointsTable good = Table(Point("8", "s", SampleData.Result("good", 8, 1, 2, 0.5)));
        PointsCsv.Write(path, good);
        string before = File.ReadAllText(path);
        PointsTable bad = Table(good.Points[0], Point("16", "s", SampleData.Result("bad", 16, 1, 2, 0.5) with { Mfu = value }));

        var error = Assert.ThrowsExactly<NonFiniteValueException>(() => PointsCsv.Write(path, bad));

        Assert.AreEqual("mfu", error.Column);
        Assert.Contains("row 2 (name=bad)", error.Message);
        Assert.Contains($"column mfu is {words}", error.Message);
        Assert.AreEqual(before, File.ReadAllText(path));
        Assert.HasCount(1, Directory.GetFiles(directory.Path));
    }

    [TestMethod]
    public void Parse_NaNInFile_ThrowsNamingColumn()
    {
        string text = PointsCsv.ToText(Table(Point("8", "s", SampleData.Result("r", 8, 1.25, 2, 0.5))));
        string corrupted = text.Replace(",1.25,", ",NaN,", StringComparison.Ordinal);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => PointsCsv.Parse(corrupted));

        Assert.AreEqual("iteration_time_s", ((NonFiniteValueException)error.InnerException!).Column);
        Assert.Contains("iteration_time_s", error.Message);
    }

    [TestMethod]
    public void Read_ResumedSweep_ReadsBackEarlierPointsAndAcceptsMore()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("points.csv");
        PointsCsv.Write(path, Table(Point("1", "s", SampleData.Result("p1", 8, 1, 2, 0.5)), Point("2", "s", SampleData.Result("p2", 8, 1, 2, 0.5))));

        PointsTable done = PointsCsv.Read(path);
        PointsCsv.Write(path, new PointsTable(done.AxisNames, [.. done.Points, Point("4", "s", SampleData.Result("p3", 8, 1, 2, 0.5))]));

        CollectionAssert.AreEqual(new[] { "p1", "p2", "p3" }, PointsCsv.Read(path).Points.Select(p => p.Row.Name).ToArray());
    }

    [TestMethod]
    public void ToText_SameTableTwice_IsByteIdentical()
    {
        PointsTable table = Table(Point("8", "s", SampleData.Result("r", 8, 1.1, 2.2, 0.33)));

        Assert.AreEqual(PointsCsv.ToText(table), PointsCsv.ToText(table));
    }

    [TestMethod]
    public void Parse_HeaderFromAnotherVersion_ThrowsInvalidData()
    {
        string text = PointsCsv.ToText(Table(Point("8", "s", SampleData.Result("r", 8, 1, 2, 0.5))));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => PointsCsv.Parse(text.Replace("peak_gib", "peak_gb", StringComparison.Ordinal)));

        Assert.Contains("expected 'peak_gib'", error.Message);
    }

    [TestMethod]
    public void Parse_EmptyText_ThrowsInvalidData()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => PointsCsv.Parse(""));

        Assert.Contains("empty", error.Message);
    }

    [TestMethod]
    public void Parse_NoAxes_ReadsResultColumnsOnly()
    {
        string text = PointsCsv.ToText(new PointsTable([], [PointRecord.FromResult([], SampleData.Result("r", 8, 1, 2, 0.5))]));

        PointsTable table = PointsCsv.Parse(text);

        Assert.IsEmpty(table.AxisNames);
        Assert.AreEqual("r", table.Points[0].Row.Name);
    }

    [TestMethod]
    public void PointsTable_AxisNamedLikeResultColumn_Throws()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new PointsTable(["gpus"], []));

        Assert.Contains("'gpus' has the name of a result column", error.Message);
    }

    [TestMethod]
    public void PointsTable_PointWithOtherAxes_ThrowsNamingPoint()
    {
        PointRecord point = PointRecord.FromResult([new AxisValue("nodes", "4")], SampleData.Result("r", 8, 1, 2, 0.5));

        var error = Assert.ThrowsExactly<ArgumentException>(() => new PointsTable(s_axes, [point]));

        Assert.Contains("Point 1 ('r')", error.Message);
    }
}
