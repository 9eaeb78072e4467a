using System.Diagnostics;
using System.Text;

using DeepScale.Core.Random;
using DeepScale.Core.Units;

namespace DeepScale.Core.Tests.Units;

/// <summary>
/// Seeded random mutations of valid quantity strings fed to every unit type's <c>Parse</c>: characters deleted,
/// inserted, replaced and swapped, numbers replaced by extreme or malformed ones, units swapped between quantities,
/// signs, exponents, separators and non-ASCII characters spliced in. Only <see cref="UnitFormatException"/> may
/// escape, its message must quote the text, and every accepted value must be finite and non-negative (a duration
/// also within its tick range). Reproducible: the seed, the iteration and the text are in the failure message;
/// each run stops after a fixed number of iterations or two seconds, whichever comes first.
/// </summary>
[TestClass]
public sealed class UnitParserFuzzTests
{
    private const int Iterations = 40_000;

    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(2);

    private static readonly string[] s_seeds =
    [
        "80 GiB", "67108864 B", "1.5 TB", "512MiB", "4 KiB", "3 PiB", "1 byte",
        "1.6 TB/s", "900 GB/s", "400 Gb/s", "25 Gbit/s", "100 MiB/s", "12.5 Gbps",
        "312 TFLOP/s", "989 TFLOPS", "1.2 PFLOP/s", "19.5 TFLOP/s",
        "3.2 TFLOP", "1e21 FLOP", "5 PFLOPs", "2 ZFLOP",
        "1 us", "2 ns", "1.5 ms", "3 days", "90 s", "36 h", "2 weeks", "850 ps", "1 µs",
    ];

    private static readonly string[] s_numbers =
    [
        "0", "-0", "+1", "-1", "1e308", "1.7976931348623157e308", "1e309", "9e99999", "4.9e-324", "1e-400", "1e", "e5", ".", "..",
        "1.", ".5", "1..2", "1_000", "1,5", "_", ",", "-", "+", "--1", "+-1", "1e+", "1e-", "0x10", "NaN", "Infinity", "∞", "١٢",
        "99999999999999999999999999999999999999", "0.000000000000000000000000000000001", "1__0", "1,,0", "1e3e3",
    ];

    private static readonly string[] s_units =
    [
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "KB", "MB", "GB", "TB", "PB", "B/s", "GB/s", "Gb/s", "Gbps", "GiB/s", "TB/s",
        "bit/s", "FLOP", "TFLOP", "ZFLOP", "TFLOP/s", "TFLOPS", "PFLOPs", "ps", "ns", "us", "µs", "ms", "s", "min", "h", "days",
        "weeks", "", "/s", "ps/s", "s/s", "GiB/ps", "FLOPS/s", "EiB", "e", "E", "GB/", "//s",
    ];

    private const string Alphabet = "0123456789.,_+-eE /sSBbiKMGTPZFLOPpnuµμmhdayw\t\u00a0\u2009\0\u200b";

    [TestMethod]
    [DataRow(11UL)]
    [DataRow(12UL)]
    [DataRow(13UL)]
    public void Parse_MutatedQuantities_OnlyUnitFormatExceptionEscapesAndValuesAreFinite(ulong seed)
    {
        DeterministicRandom random = new(seed);
        var clock = Stopwatch.StartNew();
        int accepted = 0, rejected = 0;
        for (int i = 0; i < Iterations && clock.Elapsed < s_budget; i++)
        {
            string text = Mutate(s_seeds[random.NextInt(s_seeds.Length)], random);
            foreach ((string quantity, Func<string, double> parse, double max) in s_parsers)
            {
                double value;
                try
                {
                    value = parse(text);
                }
                catch (UnitFormatException ex)
                {
                    Assert.AreEqual(text, ex.Text, $"seed {seed}, iteration {i}, {quantity}: the exception names another text");
                    Assert.Contains($"'{text}'", ex.Message, $"seed {seed}, iteration {i}, {quantity}");
                    rejected++;
                    continue;
                }
                catch (Exception ex)
                {
                    Assert.Fail($"seed {seed}, iteration {i}, {quantity} of [{text}]: {ex.GetType().Name}: {ex.Message}");
                    throw;
                }

                Assert.IsTrue(double.IsFinite(value), $"seed {seed}, iteration {i}: {quantity} of [{text}] accepted as {value}");
                Assert.IsTrue(value >= 0 && value <= max, $"seed {seed}, iteration {i}: {quantity} of [{text}] accepted as {value}");
                accepted++;
            }
        }

        // The mutations must exercise both outcomes, or the test says nothing.
        Assert.IsGreaterThan(1000, accepted, $"accepted {accepted}, rejected {rejected}");
        Assert.IsGreaterThan(1000, rejected, $"accepted {accepted}, rejected {rejected}");
    }

    [TestMethod]
    [DataRow("1e308 PiB")]
    [DataRow("1e300 TB")]
    [DataRow("1.7976931348623157e308 KiB")]
    public void BytesParse_ProductOverflows_Refused(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => Bytes.Parse(text));

        Assert.Contains("too large", ex.Message);
    }

    [TestMethod]
    [DataRow("1e308 TB/s")]
    [DataRow("1e307 TiB/s")]
    public void ByteRateParse_ProductOverflows_Refused(string text)
    {
        UnitFormatException ex = Assert.ThrowsExactly<UnitFormatException>(() => ByteRate.Parse(text));

        Assert.Contains("too large", ex.Message);
    }

    [TestMethod]
    public void FlopParse_ProductOverflows_Refused()
    {
        Assert.Contains("too large", Assert.ThrowsExactly<UnitFormatException>(() => FlopCount.Parse("1e300 ZFLOP")).Message);
        Assert.Contains("too large", Assert.ThrowsExactly<UnitFormatException>(() => FlopRate.Parse("1e300 EFLOP/s")).Message);
    }

    [TestMethod]
    [DataRow("1e-400 GiB")]
    [DataRow("-0 GiB")]
    public void BytesParse_UnderflowAndNegativeZero_AreZero(string text)
    {
        Bytes b = Bytes.Parse(text);

        Assert.AreEqual(0.0, b.Count);
        Assert.IsFalse(double.IsNegative(b.Count), "no negative zero");
    }

    private static readonly (string Quantity, Func<string, double> Parse, double Max)[] s_parsers =
    [
        ("byte size", t => Bytes.Parse(t).Count, double.MaxValue),
        ("byte rate", t => ByteRate.Parse(t).BytesPerSecond, double.MaxValue),
        ("FLOP count", t => FlopCount.Parse(t).Flops, double.MaxValue),
        ("FLOP rate", t => FlopRate.Parse(t).FlopsPerSecond, double.MaxValue),
        ("duration", t => Duration.Parse(t).Ticks, long.MaxValue),
    ];

    private static string Mutate(string text, DeterministicRandom random)
    {
        var s = new StringBuilder(text);
        int edits = 1 + random.NextInt(3);
        for (int e = 0; e < edits; e++)
        {
            switch (random.NextInt(9))
            {
                case 0 when s.Length > 0:
                    s.Remove(random.NextInt(s.Length), 1);
                    break;
                case 1:
                    s.Insert(random.NextInt(s.Length + 1), Alphabet[random.NextInt(Alphabet.Length)]);
                    break;
                case 2 when s.Length > 0:
                    s[random.NextInt(s.Length)] = Alphabet[random.NextInt(Alphabet.Length)];
                    break;
                case 3:
                    s = new StringBuilder(ReplaceNumber(s.ToString(), s_numbers[random.NextInt(s_numbers.Length)]));
                    break;
                case 4:
                    s = new StringBuilder(ReplaceUnit(s.ToString(), s_units[random.NextInt(s_units.Length)]));
                    break;
                case 5 when s.Length > 1:
                    int a = random.NextInt(s.Length - 1);
                    (s[a], s[a + 1]) = (s[a + 1], s[a]);
                    break;
                case 6:
                    s.Insert(0, random.NextInt(2) == 0 ? "-" : " ");
                    break;
                case 7:
                    s.Append(random.NextInt(3) switch { 0 => " ", 1 => "s", _ => "/s" });
                    break;
                default:
                    // An untouched seed now and then keeps the accepted side of the parser exercised.
                    break;
            }
        }

        return s.ToString();
    }

    /// <summary>The text with its leading number (up to the first space or letter) replaced.</summary>
    private static string ReplaceNumber(string text, string number)
    {
        int i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '+' or '-' or 'e' or ',' or '_'))
        {
            i++;
        }

        return number + text[i..];
    }

    private static string ReplaceUnit(string text, string unit)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text + " " + unit : text[..(space + 1)] + unit;
    }
}
