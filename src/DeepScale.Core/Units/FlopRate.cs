namespace DeepScale.Core.Units;

/// <summary>A compute rate in floating-point operations per second ("FLOP/s"), decimal prefixes.</summary>
public readonly record struct FlopRate(double FlopsPerSecond) : IComparable<FlopRate>
{
    public static readonly FlopRate Zero = new(0);

    public double Teraflops => FlopsPerSecond / 1e12;

    public static FlopRate FromGiga(double v) => new(v * 1e9);
    public static FlopRate FromTera(double v) => new(v * 1e12);
    public static FlopRate FromPeta(double v) => new(v * 1e15);

    public static FlopRate operator +(FlopRate a, FlopRate b) => new(a.FlopsPerSecond + b.FlopsPerSecond);
    public static FlopRate operator *(FlopRate a, double f) => new(a.FlopsPerSecond * f);
    public static FlopRate operator *(double f, FlopRate a) => new(a.FlopsPerSecond * f);
    public static FlopRate operator /(FlopRate a, double d) => new(a.FlopsPerSecond / d);
    public static double operator /(FlopRate a, FlopRate b) => a.FlopsPerSecond / b.FlopsPerSecond;
    public static FlopCount operator *(FlopRate a, Duration d) => new(a.FlopsPerSecond * d.Seconds);
    public static bool operator <(FlopRate a, FlopRate b) => a.FlopsPerSecond < b.FlopsPerSecond;
    public static bool operator >(FlopRate a, FlopRate b) => a.FlopsPerSecond > b.FlopsPerSecond;
    public static bool operator <=(FlopRate a, FlopRate b) => a.FlopsPerSecond <= b.FlopsPerSecond;
    public static bool operator >=(FlopRate a, FlopRate b) => a.FlopsPerSecond >= b.FlopsPerSecond;

    public static FlopRate Min(FlopRate a, FlopRate b) => a.FlopsPerSecond <= b.FlopsPerSecond ? a : b;

    public int CompareTo(FlopRate other) => FlopsPerSecond.CompareTo(other.FlopsPerSecond);

    /// <summary>Parses "312 TFLOP/s", "989 TFLOPS", "1.2 PFLOP/s"; a bare number is an error.</summary>
    public static FlopRate Parse(string text)
    {
        (double number, string unit) = UnitParser.Split(text, "FLOP rate");
        string u = unit.EndsWith("/s", StringComparison.Ordinal) ? unit[..^2]
            : unit.EndsWith("FLOPS", StringComparison.Ordinal) ? unit[..^1]
            : unit.Length == 0 ? ""
            : throw new UnitFormatException(text, "FLOP rate", $"'{unit}' is not a rate (write FLOP/s)");
        double scale = u switch
        {
            "FLOP" => 1,
            "kFLOP" or "KFLOP" => 1e3,
            "MFLOP" => 1e6,
            "GFLOP" => 1e9,
            "TFLOP" => 1e12,
            "PFLOP" => 1e15,
            "EFLOP" => 1e18,
            "" => throw new UnitFormatException(text, "FLOP rate", "a unit is required (e.g. TFLOP/s)"),
            _ => throw new UnitFormatException(text, "FLOP rate", $"unknown unit '{unit}' (GFLOP/s, TFLOP/s, PFLOP/s)"),
        };
        if (number < 0)
        {
            throw new UnitFormatException(text, "FLOP rate", "it is negative");
        }

        return new FlopRate(UnitParser.Scale(text, "FLOP rate", number, scale));
    }

    public override string ToString()
    {
        double a = Math.Abs(FlopsPerSecond);
        return a switch
        {
            < 1e12 => UnitParser.Format(FlopsPerSecond / 1e9) + " GFLOP/s",
            < 1e15 => UnitParser.Format(FlopsPerSecond / 1e12) + " TFLOP/s",
            _ => UnitParser.Format(FlopsPerSecond / 1e15) + " PFLOP/s",
        };
    }
}
