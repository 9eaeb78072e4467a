using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Measures on a shared machine: repeats a measurement while it was disturbed (by neighbours on a virtual machine's
/// host, or other processes), pausing between attempts with growing pauses, until an attempt is undisturbed, the
/// attempts run out, or the waiting would exceed a patience shared by every measurement made through this object.
/// Of the attempts made, the least disturbed is kept: interference only ever slows a measurement down.
/// </summary>
/// <remarks>A disturbance is a number in units of its threshold: at most 1 is undisturbed.</remarks>
public sealed class LeastDisturbed
{
    private readonly Action<Duration> _sleep;

    /// <param name="patience">Longest total pause over all measurements.</param>
    /// <param name="firstPause">The pause after the first disturbed attempt; each later one doubles, up to <paramref name="longestPause"/>.</param>
    /// <param name="longestPause">The longest single pause.</param>
    /// <param name="attempts">Most attempts per measurement.</param>
    /// <param name="sleep">How to pause (a test passes a recorder).</param>
    public LeastDisturbed(Duration patience, Duration firstPause, Duration longestPause, int attempts = 6, Action<Duration>? sleep = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        if (patience < Duration.Zero || firstPause <= Duration.Zero || longestPause < firstPause)
        {
            throw new ArgumentException("least_disturbed: patience ≥ 0 and 0 < first pause ≤ longest pause");
        }

        Patience = patience;
        FirstPause = firstPause;
        LongestPause = longestPause;
        Attempts = attempts;
        _sleep = sleep ?? (d => Thread.Sleep(TimeSpan.FromSeconds(d.Seconds)));
    }

    public Duration Patience { get; }

    public Duration FirstPause { get; }

    public Duration LongestPause { get; }

    public int Attempts { get; }

    /// <summary>Total pause so far.</summary>
    public Duration Waited { get; private set; } = Duration.Zero;

    /// <summary>Attempts repeated so far.</summary>
    public int Retries { get; private set; }

    /// <summary>
    /// Runs <paramref name="measure"/> until it reports a disturbance of at most 1 or no further attempt is allowed;
    /// returns the least disturbed attempt's result and disturbance. <paramref name="onRetry"/> hears each repeat:
    /// the disturbance that caused it and the pause before it.
    /// </summary>
    public (T Result, double Disturbance) Run<T>(Func<(T Result, double Disturbance)> measure, Action<double, Duration>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(measure);
        T best = default!;
        double bestDisturbance = double.PositiveInfinity;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            (T result, double disturbance) = measure();
            if (attempt == 0 || disturbance < bestDisturbance)
            {
                (best, bestDisturbance) = (result, disturbance);
            }

            Duration pause = Duration.FromSeconds(Math.Min(LongestPause.Seconds, FirstPause.Seconds * Math.Pow(2, attempt)));
            if (!(disturbance > 1) || attempt == Attempts - 1 || Waited + pause > Patience)
            {
                break;
            }

            Retries++;
            Waited += pause;
            onRetry?.Invoke(disturbance, pause);
            _sleep(pause);
        }

        return (best, bestDisturbance);
    }
}
