using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Markdown;

namespace DeepScale.Reporting.Tests.Markdown;

[TestClass]
public sealed class MarkdownTableTests
{
    [TestMethod]
    public void ToMarkdown_TextAndNumbers_AlignsPipesAndRightAlignsNumericColumns()
    {
        var table = new MarkdownTable("configuration", "GPUs", new MarkdownColumn("iteration time (s)", SignificantDigits: 3), "fits")
            .AddRow("tp8-pp16", 1024, 12.3456, true)
            .AddRow("dp64", 64, 0.5, false);

        string expected =
            "| configuration | GPUs | iteration time (s) | fits |\n" +
            "| :------------ | ---: | -----------------: | :--- |\n" +
            "| tp8-pp16      | 1024 |               12.3 | yes  |\n" +
            "| dp64          |   64 |              0.500 | no   |\n";
        Assert.AreEqual(expected, table.ToMarkdown());
    }

    [TestMethod]
    public void ToMarkdown_ExplicitAlignment_UsesColonsOfThatAlignment()
    {
        string text = new MarkdownTable(new MarkdownColumn("a", MarkdownAlignment.Center), new MarkdownColumn("b", MarkdownAlignment.Right))
            .AddRow("x", "y")
            .ToMarkdown();

        string[] lines = text.Split('\n');
        Assert.AreEqual("| :-: | --: |", lines[1]);
        Assert.AreEqual("|  x  |   y |", lines[2]);
    }

    [TestMethod]
    public void ToMarkdown_PipeAndLineBreakInText_AreEscaped()
    {
        string text = new MarkdownTable("note").AddRow("a|b\nc").ToMarkdown();

        Assert.Contains(@"| a\|b c |", text);
        Assert.AreEqual(3, text.Count(c => c == '\n'));
    }

    [TestMethod]
    public void ToMarkdown_LargeAndSmallNumbers_UseScientificNotation()
    {
        string text = new MarkdownTable("tokens/s", "error").AddRow(12_345_678.0, 0.000123).ToMarkdown();

        Assert.Contains("1.235e7", text);
        Assert.Contains("1.230e-4", text);
    }

    [TestMethod]
    public void AddRow_NaN_ThrowsNamingColumn()
    {
        var table = new MarkdownTable("configuration", "MFU (%)");

        var error = Assert.ThrowsExactly<NonFiniteValueException>(() => table.AddRow("x", double.NaN));

        Assert.AreEqual("MFU (%)", error.Column);
        Assert.AreEqual("markdown row 1", error.Row);
    }

    [TestMethod]
    public void AddRow_WrongCellCount_Throws()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MarkdownTable("a", "b").AddRow("only one"));

        Assert.Contains("has 1 cells but the table has 2 columns", error.Message);
    }

    [TestMethod]
    public void Summary_Results_HasOneRowPerConfigurationWithUnitsInHeaders()
    {
        string text = ResultTables.Summary(SampleData.Configurations()).ToMarkdown();
        string[] lines = text.TrimEnd('\n').Split('\n');

        Assert.HasCount(2 + SampleData.Configurations().Count, lines);
        Assert.Contains("iteration time (s)", lines[0]);
        Assert.Contains("peak memory (GiB)", lines[0]);
        Assert.StartsWith("| dp64 ", lines[2]);
        Assert.Contains("|  no  |", lines[2]);
        Assert.IsTrue(lines.All(l => l.Length == lines[0].Length), "every line has the same width");
    }
}
