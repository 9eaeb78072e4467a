using DeepScale.Core.Units;

namespace DeepScale.Core.Tests.Units;

[TestClass]
public sealed class DurationTests
{
    [TestMethod]
    [DataRow("2 us", 200_000L)]
    [DataRow("2 µs", 200_000L)]
    [DataRow("1.5 ms", 150_000_000L)]
    [DataRow("90 s", 9_000_000_000_000L)]
    [DataRow("10 ps", 1L)]
    [DataRow("3 days", 25_920_000_000_000_000L)]
    public void Parse_ValidText_ReturnsTicksOfTenPicoseconds(string text, long expectedTicks)
    {
        Assert.AreEqual(expectedTicks, Duration.Parse(text).Ticks);
    }

    [TestMethod]
    [DataRow("2")]
    [DataRow("2 GB")]
    [DataRow("soon")]
    [DataRow("-1 s")]
    [DataRow("4 years")]
    public void Parse_InvalidText_ThrowsQuotingTheString(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => Duration.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
    }

    [TestMethod]
    public void Parse_BeyondTickRange_SaysItIsTooLong()
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => Duration.Parse("1000 weeks"));
        Assert.Contains("2.9 years", ex.Message);
    }

    [TestMethod]
    [DataRow(850e-9, "850 ns")]
    [DataRow(1.25e-3, "1.25 ms")]
    [DataRow(2e-6, "2 us")]
    [DataRow(3.5 * 3600, "3.5 h")]
    [DataRow(0.0, "0 s")]
    [DataRow(45.0, "45 s")]
    public void ToString_PicksBestUnit(double seconds, string expected)
    {
        Assert.AreEqual(expected, Duration.FromSeconds(seconds).ToString());
    }

    [TestMethod]
    public void ToString_Negative_KeepsSign()
    {
        Assert.AreEqual("-2 us", (-Duration.FromMicroseconds(2)).ToString());
    }

    [TestMethod]
    public void FromSeconds_RoundsToNearestTick()
    {
        Assert.AreEqual(1L, Duration.FromSeconds(14e-12).Ticks);
        Assert.AreEqual(2L, Duration.FromSeconds(16e-12).Ticks);
    }

    [TestMethod]
    public void FromSecondsCeiling_NeverRoundsDown()
    {
        Assert.AreEqual(2L, Duration.FromSecondsCeiling(11e-12).Ticks);
        Assert.AreEqual(1L, Duration.FromSecondsCeiling(10e-12).Ticks);
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(1e9)]
    public void FromSeconds_NonFiniteOrOutOfRange_Throws(double seconds)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromSeconds(seconds));
        Assert.AreEqual(double.IsFinite(seconds), e is ClockRangeException, "a finite time past the clock is a clock-range error");
    }

    [TestMethod]
    public void Addition_Overflow_Throws()
    {
        Assert.ThrowsExactly<OverflowException>(() => Duration.MaxValue + Duration.FromSeconds(1));
    }

    [TestMethod]
    public void Range_HoldsSixMonthTrace()
    {
        Duration sixMonths = Duration.FromDays(183);
        Assert.IsGreaterThan(sixMonths.Ticks, Duration.MaxValue.Ticks / 5);
    }

    [TestMethod]
    public void Sum_OfManySmallDurations_IsExact()
    {
        Duration step = Duration.FromNanoseconds(73);
        Duration total = Duration.Zero;
        for (int i = 0; i < 1_000_000; i++)
        {
            total += step;
        }

        Assert.AreEqual(step * 1_000_000L, total);
        Assert.AreEqual(0.073, total.Seconds, 1e-15);
    }

    [TestMethod]
    public void DivideDurations_GivesRatio()
    {
        Assert.AreEqual(4.0, Duration.FromMicroseconds(8) / Duration.FromMicroseconds(2), 1e-12);
    }

    [TestMethod]
    public void SimTime_PlusAndMinus_KeepsInstantAndSpanApart()
    {
        SimTime t = SimTime.Zero + Duration.FromMicroseconds(5);
        Assert.AreEqual(Duration.FromMicroseconds(5), t - SimTime.Zero);
        Assert.AreEqual(SimTime.FromSeconds(5e-6), t);
    }
}
