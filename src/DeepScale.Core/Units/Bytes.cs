namespace DeepScale.Core.Units;

/// <summary>
/// An amount of data in bytes. Capacities print with binary prefixes ("80 GiB"); parsing accepts both binary
/// ("GiB" = 2^30) and decimal ("GB" = 10^9) prefixes, each meaning exactly what it says.
/// </summary>
/// <remarks>Held as a double: model sizes (2.8·10^12 bytes of Adam state for 175B parameters) and fractional
/// per-rank shares both stay exact to well below one byte.</remarks>
public readonly record struct Bytes(double Count) : IComparable<Bytes>
{
    public const double KiB = 1024;
    public const double MiB = 1024 * KiB;
    public const double GiB = 1024 * MiB;
    public const double TiB = 1024 * GiB;
    public const double PiB = 1024 * TiB;

    public static readonly Bytes Zero = new(0);

    public double KiBs => Count / KiB;
    public double MiBs => Count / MiB;
    public double GiBs => Count / GiB;
    public double TiBs => Count / TiB;

    public static Bytes FromKiB(double v) => new(v * KiB);
    public static Bytes FromMiB(double v) => new(v * MiB);
    public static Bytes FromGiB(double v) => new(v * GiB);
    public static Bytes FromTiB(double v) => new(v * TiB);
    public static Bytes FromKB(double v) => new(v * 1e3);
    public static Bytes FromMB(double v) => new(v * 1e6);
    public static Bytes FromGB(double v) => new(v * 1e9);
    public static Bytes FromTB(double v) => new(v * 1e12);

    public static Bytes operator +(Bytes a, Bytes b) => new(a.Count + b.Count);
    public static Bytes operator -(Bytes a, Bytes b) => new(a.Count - b.Count);
    public static Bytes operator *(Bytes a, double f) => new(a.Count * f);
    public static Bytes operator *(double f, Bytes a) => new(a.Count * f);
    public static Bytes operator /(Bytes a, double d) => new(a.Count / d);
    public static double operator /(Bytes a, Bytes b) => a.Count / b.Count;
    public static bool operator <(Bytes a, Bytes b) => a.Count < b.Count;
    public static bool operator >(Bytes a, Bytes b) => a.Count > b.Count;
    public static bool operator <=(Bytes a, Bytes b) => a.Count <= b.Count;
    public static bool operator >=(Bytes a, Bytes b) => a.Count >= b.Count;

    /// <summary>Transfer time at a rate: <c>bytes / rate → duration</c>.</summary>
    public static Duration operator /(Bytes a, ByteRate r) => Duration.FromSeconds(a.Count / r.BytesPerSecond);

    /// <summary>Rate of moving these bytes in a duration: <c>bytes / duration → rate</c>.</summary>
    public static ByteRate operator /(Bytes a, Duration d) => new(a.Count / d.Seconds);

    public static Bytes Max(Bytes a, Bytes b) => a.Count >= b.Count ? a : b;
    public static Bytes Min(Bytes a, Bytes b) => a.Count <= b.Count ? a : b;

    public int CompareTo(Bytes other) => Count.CompareTo(other.Count);

    /// <summary>Parses "80 GiB", "67108864 B", "1.5 TB", "512 MiB"; a bare number or a rate is an error.</summary>
    public static Bytes Parse(string text)
    {
        (double number, string unit) = UnitParser.Split(text, "byte size");
        double scale = unit switch
        {
            "B" or "byte" or "bytes" => 1,
            "KiB" => KiB,
            "MiB" => MiB,
            "GiB" => GiB,
            "TiB" => TiB,
            "PiB" => PiB,
            "kB" or "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "PB" => 1e15,
            "" => throw new UnitFormatException(text, "byte size", "a unit is required (B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)"),
            _ when unit.Contains('/', StringComparison.Ordinal) =>
                throw new UnitFormatException(text, "byte size", $"'{unit}' is a rate, not a size"),
            _ => throw new UnitFormatException(text, "byte size", $"unknown unit '{unit}' (B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)"),
        };
        if (number < 0)
        {
            throw new UnitFormatException(text, "byte size", "it is negative");
        }

        return new Bytes(UnitParser.Scale(text, "byte size", number, scale));
    }

    /// <summary>Prints with the largest binary prefix that keeps the number at least 1: "80 GiB", "1.5 MiB".</summary>
    public override string ToString()
    {
        double a = Math.Abs(Count);
        return a switch
        {
            < KiB => UnitParser.Format(Count) + " B",
            < MiB => UnitParser.Format(Count / KiB) + " KiB",
            < GiB => UnitParser.Format(Count / MiB) + " MiB",
            < TiB => UnitParser.Format(Count / GiB) + " GiB",
            < PiB => UnitParser.Format(Count / TiB) + " TiB",
            _ => UnitParser.Format(Count / PiB) + " PiB",
        };
    }
}
