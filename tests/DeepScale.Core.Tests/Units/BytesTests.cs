using DeepScale.Core.Units;

namespace DeepScale.Core.Tests.Units;

[TestClass]
public sealed class BytesTests
{
    [TestMethod]
    [DataRow("80 GiB", 80.0 * 1024 * 1024 * 1024)]
    [DataRow("67108864 B", 67108864.0)]
    [DataRow("1.5 TB", 1.5e12)]
    [DataRow("512MiB", 512.0 * 1024 * 1024)]
    [DataRow("  4 KiB ", 4096.0)]
    [DataRow("1e3 B", 1000.0)]
    [DataRow("1,000 MB", 1e9)]
    [DataRow("1_048_576 B", 1048576.0)]
    [DataRow("12,345.5 B", 12345.5)]
    public void Parse_ValidText_ReturnsExactByteCount(string text, double expected)
    {
        Assert.AreEqual(expected, Bytes.Parse(text).Count);
    }

    [TestMethod]
    [DataRow("80")]
    [DataRow("80 GB/s")]
    [DataRow("80 apples")]
    [DataRow("GiB")]
    [DataRow("-1 GiB")]
    public void Parse_InvalidText_ThrowsQuotingTheString(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => Bytes.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
        Assert.AreEqual(text, ex.Text);
    }

    [TestMethod]
    [DataRow("1,5 GiB")]
    [DataRow("12,34 MiB")]
    [DataRow("1,0000 B")]
    [DataRow("1.000,5 B")]
    [DataRow("1234,567 B")]
    public void Parse_DecimalCommaOrBadGrouping_IsRefusedNotMisread(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => Bytes.Parse(text));
        Assert.Contains("grouped wrongly", ex.Message);
    }

    [TestMethod]
    public void Parse_BareNumber_MessageSaysAUnitIsRequired()
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => Bytes.Parse("1024"));
        Assert.Contains("unit is required", ex.Message);
    }

    [TestMethod]
    [DataRow(80.0 * 1024 * 1024 * 1024, "80 GiB")]
    [DataRow(1536.0, "1.5 KiB")]
    [DataRow(512.0, "512 B")]
    [DataRow(64.0 * 1024 * 1024, "64 MiB")]
    [DataRow(2.0 * 1024 * 1024 * 1024 * 1024, "2 TiB")]
    public void ToString_PicksLargestBinaryUnit(double count, string expected)
    {
        Assert.AreEqual(expected, new Bytes(count).ToString());
    }

    [TestMethod]
    public void DivideByRate_GivesTransferDuration()
    {
        Duration d = Bytes.FromGB(900) / ByteRate.FromGBps(900);
        Assert.AreEqual(Duration.FromSeconds(1), d);
    }

    [TestMethod]
    public void DivideByDuration_GivesRate()
    {
        ByteRate r = Bytes.FromGB(3) / Duration.FromSeconds(2);
        Assert.AreEqual(1.5e9, r.BytesPerSecond, 1e-3);
    }

    [TestMethod]
    public void FromGiB_RoundTripsThroughParse()
    {
        Assert.AreEqual(Bytes.FromGiB(141), Bytes.Parse(Bytes.FromGiB(141).ToString()));
    }
}
