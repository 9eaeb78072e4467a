namespace DeepScale.Core.Units;

/// <summary>
/// A number of floating-point operations (a count, "FLOPs"), distinct from a rate (<see cref="FlopRate"/>,
/// "FLOP/s"). A double because one GPT-3 training run is about 3·10^23 FLOPs, beyond a 64-bit integer.
/// </summary>
public readonly record struct FlopCount(double Flops) : IComparable<FlopCount>
{
    public static readonly FlopCount Zero = new(0);

    public double Teraflops => Flops / 1e12;

    public static FlopCount FromGiga(double v) => new(v * 1e9);
    public static FlopCount FromTera(double v) => new(v * 1e12);
    public static FlopCount FromPeta(double v) => new(v * 1e15);

    public static FlopCount operator +(FlopCount a, FlopCount b) => new(a.Flops + b.Flops);
    public static FlopCount operator -(FlopCount a, FlopCount b) => new(a.Flops - b.Flops);
    public static FlopCount operator *(FlopCount a, double f) => new(a.Flops * f);
    public static FlopCount operator *(double f, FlopCount a) => new(a.Flops * f);
    public static FlopCount operator /(FlopCount a, double d) => new(a.Flops / d);
    public static double operator /(FlopCount a, FlopCount b) => a.Flops / b.Flops;
    public static bool operator <(FlopCount a, FlopCount b) => a.Flops < b.Flops;
    public static bool operator >(FlopCount a, FlopCount b) => a.Flops > b.Flops;
    public static bool operator <=(FlopCount a, FlopCount b) => a.Flops <= b.Flops;
    public static bool operator >=(FlopCount a, FlopCount b) => a.Flops >= b.Flops;

    /// <summary>Compute time at a rate: <c>flops / flop-rate → duration</c>.</summary>
    public static Duration operator /(FlopCount a, FlopRate r) => Duration.FromSeconds(a.Flops / r.FlopsPerSecond);

    /// <summary>Achieved rate: <c>flops / duration → flop-rate</c>.</summary>
    public static FlopRate operator /(FlopCount a, Duration d) => new(a.Flops / d.Seconds);

    public int CompareTo(FlopCount other) => Flops.CompareTo(other.Flops);

    /// <summary>Parses "3.2 TFLOP", "1e21 FLOP", "5 PFLOPs"; a rate ("/s") is an error here.</summary>
    public static FlopCount Parse(string text)
    {
        (double number, string unit) = UnitParser.Split(text, "FLOP count");
        if (unit.Contains("/s", StringComparison.Ordinal))
        {
            throw new UnitFormatException(text, "FLOP count", $"'{unit}' is a rate, not a count");
        }

        string u = unit.EndsWith('s') ? unit[..^1] : unit;
        double scale = u switch
        {
            "FLOP" => 1,
            "kFLOP" or "KFLOP" => 1e3,
            "MFLOP" => 1e6,
            "GFLOP" => 1e9,
            "TFLOP" => 1e12,
            "PFLOP" => 1e15,
            "EFLOP" => 1e18,
            "ZFLOP" => 1e21,
            "" => throw new UnitFormatException(text, "FLOP count", "a unit is required (FLOP, GFLOP, TFLOP, PFLOP)"),
            _ => throw new UnitFormatException(text, "FLOP count", $"unknown unit '{unit}' (FLOP, GFLOP, TFLOP, PFLOP, EFLOP)"),
        };
        if (number < 0)
        {
            throw new UnitFormatException(text, "FLOP count", "it is negative");
        }

        return new FlopCount(UnitParser.Scale(text, "FLOP count", number, scale));
    }

    public override string ToString()
    {
        double a = Math.Abs(Flops);
        return a switch
        {
            < 1e9 => UnitParser.Format(Flops / 1e6) + " MFLOP",
            < 1e12 => UnitParser.Format(Flops / 1e9) + " GFLOP",
            < 1e15 => UnitParser.Format(Flops / 1e12) + " TFLOP",
            < 1e18 => UnitParser.Format(Flops / 1e15) + " PFLOP",
            _ => UnitParser.Format(Flops / 1e18) + " EFLOP",
        };
    }
}
