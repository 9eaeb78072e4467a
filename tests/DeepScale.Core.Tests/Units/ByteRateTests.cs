using DeepScale.Core.Units;

namespace DeepScale.Core.Tests.Units;

[TestClass]
public sealed class ByteRateTests
{
    [TestMethod]
    [DataRow("3.35 TB/s", 3.35e12)]
    [DataRow("400 Gb/s", 50e9)]
    [DataRow("25 Gbit/s", 3.125e9)]
    [DataRow("900 GB/s", 900e9)]
    [DataRow("100 MiB/s", 100.0 * 1024 * 1024)]
    [DataRow("12 GBps", 12e9)]
    public void Parse_ValidText_ReturnsBytesPerSecond(string text, double expected)
    {
        Assert.AreEqual(expected, ByteRate.Parse(text).BytesPerSecond, expected * 1e-12);
    }

    [TestMethod]
    public void Parse_BitsAndBytes_DifferByEight()
    {
        Assert.AreEqual(8.0, ByteRate.Parse("400 GB/s") / ByteRate.Parse("400 Gb/s"), 1e-12);
    }

    [TestMethod]
    [DataRow("400")]
    [DataRow("400 GB")]
    [DataRow("2 us")]
    [DataRow("fast")]
    [DataRow("400 Xb/s")]
    public void Parse_InvalidText_ThrowsQuotingTheString(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => ByteRate.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
        Assert.AreEqual("byte rate", ex.Quantity);
    }

    [TestMethod]
    [DataRow(3.35e12, "3.35 TB/s")]
    [DataRow(900e9, "900 GB/s")]
    [DataRow(12.5e6, "12.5 MB/s")]
    [DataRow(500.0, "500 B/s")]
    public void ToString_UsesDecimalPrefixes(double bytesPerSecond, string expected)
    {
        Assert.AreEqual(expected, new ByteRate(bytesPerSecond).ToString());
    }

    [TestMethod]
    public void GigabitsPerSecond_ConvertsLineRate()
    {
        Assert.AreEqual(400.0, ByteRate.FromGigabitsPerSecond(400).GigabitsPerSecond, 1e-9);
        Assert.AreEqual(50.0, ByteRate.FromGigabitsPerSecond(400).GBps, 1e-9);
    }

    [TestMethod]
    public void TimesDuration_GivesBytes()
    {
        Bytes b = ByteRate.FromGBps(2) * Duration.FromMilliseconds(500);
        Assert.AreEqual(1e9, b.Count, 1e-3);
    }
}
