using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Tests.Formatting;

[TestClass]
public sealed class InvariantNumberTests
{
    [TestMethod]
    [DataRow(0.45, 4, "0.4500")]
    [DataRow(12.3456, 4, "12.35")]
    [DataRow(1024.0, 4, "1024")]
    [DataRow(123456.7, 4, "123457")]
    [DataRow(9.9996, 4, "10.00")]
    [DataRow(0.0015, 2, "0.0015")]
    [DataRow(1234567.0, 4, "1.235e6")]
    [DataRow(0.00025, 3, "2.50e-4")]
    [DataRow(-3.14159, 3, "-3.14")]
    [DataRow(0.0, 4, "0")]
    [DataRow(7.0, 1, "7")]
    public void Format_Value_RoundsToSignificantDigits(double value, int digits, string expected)
    {
        Assert.AreEqual(expected, InvariantNumber.Format(value, digits));
    }

    [TestMethod]
    public void Format_NaN_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => InvariantNumber.Format(double.NaN, 3));
    }

    [TestMethod]
    [DataRow(1024.0, "1024")]
    [DataRow(50_000.0, "50k")]
    [DataRow(2.5e6, "2.5M")]
    [DataRow(1e9, "1e9")]
    [DataRow(0.0002, "2e-4")]
    [DataRow(0.30000000000000004, "0.3")]
    [DataRow(-1500.0, "-1500")]
    [DataRow(1e-15, "0")]
    public void Tick_Value_IsShortAndInvariant(double value, string expected)
    {
        Assert.AreEqual(expected, InvariantNumber.Tick(value));
    }
}
