using DeepScale.Core.Units;

namespace DeepScale.Core.Tests.Units;

[TestClass]
public sealed class FlopTests
{
    [TestMethod]
    [DataRow("3.2 TFLOP", 3.2e12)]
    [DataRow("1e21 FLOP", 1e21)]
    [DataRow("5 PFLOPs", 5e15)]
    public void FlopCountParse_ValidText_ReturnsCount(string text, double expected)
    {
        Assert.AreEqual(expected, FlopCount.Parse(text).Flops, expected * 1e-12);
    }

    [TestMethod]
    [DataRow("312 TFLOP/s", 312e12)]
    [DataRow("989 TFLOPS", 989e12)]
    [DataRow("1.2 PFLOP/s", 1.2e15)]
    public void FlopRateParse_ValidText_ReturnsRate(string text, double expected)
    {
        Assert.AreEqual(expected, FlopRate.Parse(text).FlopsPerSecond, expected * 1e-12);
    }

    [TestMethod]
    [DataRow("312")]
    [DataRow("312 TFLOP")]
    [DataRow("312 GB/s")]
    public void FlopRateParse_InvalidText_ThrowsQuotingTheString(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => FlopRate.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
    }

    [TestMethod]
    [DataRow("3")]
    [DataRow("3 TFLOP/s")]
    public void FlopCountParse_InvalidText_ThrowsQuotingTheString(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => FlopCount.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
    }

    [TestMethod]
    public void FlopsOverRate_GivesDuration()
    {
        Duration d = FlopCount.FromTera(312) / FlopRate.FromTera(312);
        Assert.AreEqual(Duration.FromSeconds(1), d);
    }

    [TestMethod]
    public void FlopsOverDuration_GivesRate()
    {
        FlopRate r = FlopCount.FromTera(100) / Duration.FromSeconds(4);
        Assert.AreEqual(25.0, r.Teraflops, 1e-9);
    }

    [TestMethod]
    [DataRow(312e12, "312 TFLOP/s")]
    [DataRow(1.2e15, "1.2 PFLOP/s")]
    [DataRow(128e9, "128 GFLOP/s")]
    public void FlopRateToString_PicksBestUnit(double rate, string expected)
    {
        Assert.AreEqual(expected, new FlopRate(rate).ToString());
    }

    [TestMethod]
    public void FlopCount_GptScale_DoesNotOverflow()
    {
        FlopCount total = FlopCount.FromGiga(6 * 175) * 300e9;
        Assert.AreEqual(3.15e23, total.Flops, 1e9);
        Assert.AreEqual("315000 EFLOP", total.ToString());
    }
}
