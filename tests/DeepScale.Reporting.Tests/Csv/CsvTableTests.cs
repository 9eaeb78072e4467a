using DeepScale.Reporting.Csv;
using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Tests.Csv;

[TestClass]
public sealed class CsvTableTests
{
    [TestMethod]
    public void WriteThenRead_Rows_RoundTrip()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("rows.csv");
        PointRow[] rows = [PointRow.FromResult(SampleData.Result("a, b", 8, 1, 2, 0.5)), PointRow.FromResult(SampleData.Result("c", 16, 3, 4, 0.25))];

        CsvTable.Write(path, rows);

        CollectionAssert.AreEqual(rows, CsvTable.Read<PointRow>(path).ToArray());
        Assert.StartsWith("name,gpus,", File.ReadAllText(path));
    }

    [TestMethod]
    public void ToText_InfiniteValue_ThrowsNamingColumn()
    {
        PointRow row = PointRow.FromResult(SampleData.Result("a", 8, 1, 2, 0.5)) with { UsdPerHour = double.PositiveInfinity };

        var error = Assert.ThrowsExactly<NonFiniteValueException>(() => CsvTable.ToText([row]));

        Assert.AreEqual("usd_per_hour", error.Column);
        Assert.AreEqual("row 1", error.Row);
    }

    [TestMethod]
    public void Parse_SemicolonSeparatedFile_IsRejectedNotGuessed()
    {
        string text = CsvTable.ToText([PointRow.FromResult(SampleData.Result("a", 8, 1.5, 2, 0.5))]).Replace(',', ';');

        Assert.ThrowsExactly<KeyNotFoundException>(() => CsvTable.Parse<PointRow>(text));
    }

    [TestMethod]
    public void ToText_Booleans_AreLowercase()
    {
        string text = CsvTable.ToText([PointRow.FromResult(SampleData.Result("a", 8, 1, 2, 0.5, peakGib: 90))]);

        Assert.Contains(",false,", text);
        Assert.DoesNotContain("False", text);
    }
}
