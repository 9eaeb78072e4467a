namespace DeepScale.Core.Units;

/// <summary>
/// A data rate in bytes per second. Rates use decimal prefixes (1 GB/s = 10^9 B/s); network line rates given in
/// bits are spelled out ("400 Gb/s", <see cref="FromGigabitsPerSecond"/>) and converted here, once.
/// </summary>
public readonly record struct ByteRate(double BytesPerSecond) : IComparable<ByteRate>
{
    public static readonly ByteRate Zero = new(0);

    public double GBps => BytesPerSecond / 1e9;
    public double MBps => BytesPerSecond / 1e6;
    public double GigabitsPerSecond => BytesPerSecond * 8 / 1e9;

    public static ByteRate FromMBps(double v) => new(v * 1e6);
    public static ByteRate FromGBps(double v) => new(v * 1e9);
    public static ByteRate FromTBps(double v) => new(v * 1e12);
    public static ByteRate FromGigabitsPerSecond(double v) => new(v * 1e9 / 8);

    public static ByteRate operator +(ByteRate a, ByteRate b) => new(a.BytesPerSecond + b.BytesPerSecond);
    public static ByteRate operator -(ByteRate a, ByteRate b) => new(a.BytesPerSecond - b.BytesPerSecond);
    public static ByteRate operator *(ByteRate a, double f) => new(a.BytesPerSecond * f);
    public static ByteRate operator *(double f, ByteRate a) => new(a.BytesPerSecond * f);
    public static ByteRate operator /(ByteRate a, double d) => new(a.BytesPerSecond / d);
    public static double operator /(ByteRate a, ByteRate b) => a.BytesPerSecond / b.BytesPerSecond;
    public static Bytes operator *(ByteRate a, Duration d) => new(a.BytesPerSecond * d.Seconds);
    public static Bytes operator *(Duration d, ByteRate a) => new(a.BytesPerSecond * d.Seconds);
    public static bool operator <(ByteRate a, ByteRate b) => a.BytesPerSecond < b.BytesPerSecond;
    public static bool operator >(ByteRate a, ByteRate b) => a.BytesPerSecond > b.BytesPerSecond;
    public static bool operator <=(ByteRate a, ByteRate b) => a.BytesPerSecond <= b.BytesPerSecond;
    public static bool operator >=(ByteRate a, ByteRate b) => a.BytesPerSecond >= b.BytesPerSecond;

    public static ByteRate Min(ByteRate a, ByteRate b) => a.BytesPerSecond <= b.BytesPerSecond ? a : b;
    public static ByteRate Max(ByteRate a, ByteRate b) => a.BytesPerSecond >= b.BytesPerSecond ? a : b;

    public int CompareTo(ByteRate other) => BytesPerSecond.CompareTo(other.BytesPerSecond);

    /// <summary>
    /// Parses "3.35 TB/s", "900 GB/s", "400 Gb/s", "25 Gbit/s", "100 MiB/s". Capital B is bytes, lower-case b or
    /// "bit" is bits; a bare number or a size without "/s" is an error.
    /// </summary>
    public static ByteRate Parse(string text)
    {
        (double number, string unit) = UnitParser.Split(text, "byte rate");
        if (unit.Length == 0)
        {
            throw new UnitFormatException(text, "byte rate", "a unit is required (e.g. GB/s, Gb/s, MB/s)");
        }

        string u = unit.EndsWith("ps", StringComparison.Ordinal) && unit.Length > 2 && !unit.EndsWith("/ps", StringComparison.Ordinal)
            ? unit[..^2] + "/s"
            : unit;
        if (!u.EndsWith("/s", StringComparison.Ordinal))
        {
            throw new UnitFormatException(text, "byte rate", $"'{unit}' is not a rate (write it per second, e.g. GB/s)");
        }

        string per = u[..^2];
        double scale = per switch
        {
            "B" => 1,
            "kB" or "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KiB" => Bytes.KiB,
            "MiB" => Bytes.MiB,
            "GiB" => Bytes.GiB,
            "TiB" => Bytes.TiB,
            "b" or "bit" => 1.0 / 8,
            "kb" or "Kb" or "kbit" or "Kbit" => 1e3 / 8,
            "Mb" or "Mbit" => 1e6 / 8,
            "Gb" or "Gbit" => 1e9 / 8,
            "Tb" or "Tbit" => 1e12 / 8,
            _ => throw new UnitFormatException(text, "byte rate", $"unknown unit '{unit}' (B/s, MB/s, GB/s, TB/s, Mb/s, Gb/s, Tb/s)"),
        };
        if (number < 0)
        {
            throw new UnitFormatException(text, "byte rate", "it is negative");
        }

        return new ByteRate(UnitParser.Scale(text, "byte rate", number, scale));
    }

    /// <summary>Prints with decimal prefixes: "900 GB/s", "12.5 MB/s".</summary>
    public override string ToString()
    {
        double a = Math.Abs(BytesPerSecond);
        return a switch
        {
            < 1e3 => UnitParser.Format(BytesPerSecond) + " B/s",
            < 1e6 => UnitParser.Format(BytesPerSecond / 1e3) + " KB/s",
            < 1e9 => UnitParser.Format(BytesPerSecond / 1e6) + " MB/s",
            < 1e12 => UnitParser.Format(BytesPerSecond / 1e9) + " GB/s",
            _ => UnitParser.Format(BytesPerSecond / 1e12) + " TB/s",
        };
    }
}
