using DeepScale.Hardware.Catalog;

namespace DeepScale.Hardware.Tests.Catalog;

[TestClass]
public sealed class CsvTableTests
{
    [TestMethod]
    public void Parse_QuotedFieldsWithCommasAndDoubledQuotes_ReadsRfc4180()
    {
        CsvTable t = CsvTable.Parse("name,notes\nA,\"x, \"\"y\"\"\"\nB,plain\n", "t.csv");
        Assert.HasCount(2, t.Rows);
        Assert.AreEqual("x, \"y\"", t.Rows[0]["notes"]);
        Assert.AreEqual("plain", t.Rows[1]["notes"]);
    }

    [TestMethod]
    public void Parse_QuotedLineBreakAndCrLf_KeepsRecordAndLine()
    {
        CsvTable t = CsvTable.Parse("a,b\r\n1,\"two\r\nlines\"\r\n3,4\r\n", "t.csv");
        Assert.HasCount(2, t.Rows);
        Assert.AreEqual("two\r\nlines", t.Rows[0]["b"]);
        Assert.AreEqual(4, t.Rows[1].Line);
        Assert.AreEqual("t.csv row 2 (line 4)", t.Rows[1].Location);
    }

    [TestMethod]
    public void Parse_EmptyFieldsAndNoFinalNewline_AreKept()
    {
        CsvTable t = CsvTable.Parse("a,b,c\n1,,3", "t.csv");
        Assert.AreEqual("", t.Rows[0]["b"]);
        Assert.IsNull(t.Rows[0].Number("b"));
        Assert.AreEqual(3.0, t.Rows[0].Number("c"));
    }

    [TestMethod]
    [DataRow("a,b\n1,2,3\n", "line 2")]
    [DataRow("a,b\n\"open,2\n", "not closed")]
    [DataRow("a,b\nx\"y,2\n", "quote inside")]
    [DataRow("a,a\n1,2\n", "appears twice")]
    public void Parse_Malformed_ThrowsNamingFile(string text, string expected)
    {
        FormatException ex = Assert.ThrowsExactly<FormatException>(() => CsvTable.Parse(text, "bad.csv"));
        Assert.Contains("bad.csv", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [TestMethod]
    public void Number_NotANumber_ThrowsNamingRowAndColumn()
    {
        CsvTable t = CsvTable.Parse("a\nabc\n", "t.csv");
        FormatException ex = Assert.ThrowsExactly<FormatException>(() => t.Rows[0].Number("a"));
        Assert.Contains("t.csv row 1", ex.Message);
        Assert.Contains("'a'", ex.Message);
    }
}
