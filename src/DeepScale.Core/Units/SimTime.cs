namespace DeepScale.Core.Units;

/// <summary>
/// An instant on the simulation clock: ticks of 10 ps since the start of the run (see <see cref="Duration"/> for
/// why that resolution). Instants and spans are different types: <c>SimTime + Duration → SimTime</c>,
/// <c>SimTime − SimTime → Duration</c>.
/// </summary>
public readonly record struct SimTime(long Ticks) : IComparable<SimTime>
{
    public static readonly SimTime Zero = new(0);

    /// <summary>The end of representable time; used as "never".</summary>
    public static readonly SimTime MaxValue = new(long.MaxValue);

    public double Seconds => Ticks / (double)Duration.TicksPerSecond;

    public static SimTime FromSeconds(double seconds) => new(Duration.FromSeconds(seconds).Ticks);

    public static SimTime operator +(SimTime t, Duration d) => new(checked(t.Ticks + d.Ticks));
    public static SimTime operator -(SimTime t, Duration d) => new(checked(t.Ticks - d.Ticks));
    public static Duration operator -(SimTime a, SimTime b) => new(checked(a.Ticks - b.Ticks));
    public static bool operator <(SimTime a, SimTime b) => a.Ticks < b.Ticks;
    public static bool operator >(SimTime a, SimTime b) => a.Ticks > b.Ticks;
    public static bool operator <=(SimTime a, SimTime b) => a.Ticks <= b.Ticks;
    public static bool operator >=(SimTime a, SimTime b) => a.Ticks >= b.Ticks;

    public int CompareTo(SimTime other) => Ticks.CompareTo(other.Ticks);

    public override string ToString() => "t=" + new Duration(Ticks);
}
