using System.Globalization;
using System.Text.RegularExpressions;

using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// How long one transformer layer takes in each pass of a replayed iteration, read off rank 0's compute stream: the
/// time from the first segment that touches layer k to the first that touches the next layer in the pass's order
/// (k + 1 in the forward, k − 1 in the recompute-and-backward). In the middle of a stack of equal layers this period
/// is everything one layer costs on the critical path — its kernels and the collectives that hold them up — which
/// is what a per-layer timer around a layer's forward or backward measures.
/// </summary>
public static partial class LayerPeriods
{
    /// <summary>Forward and recompute-plus-backward periods of block layer <paramref name="layer"/> (1-based).</summary>
    public static (Duration Forward, Duration Backward) Of(IEnumerable<TraceSpan> spans, int layer)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var firstTouch = new Dictionary<(bool Backward, int Layer), SimTime>();
        foreach (TraceSpan span in spans)
        {
            if (span.Rank != 0 || span.Stream != StreamKind.Compute || SegmentName().Match(span.Name) is not { Success: true } m)
            {
                continue;
            }

            bool backward = m.Groups["phase"].Value != "F";
            int first = int.Parse(m.Groups["first"].Value, CultureInfo.InvariantCulture);
            int last = m.Groups["last"].Success ? int.Parse(m.Groups["last"].Value, CultureInfo.InvariantCulture) : first;
            for (int l = Math.Min(first, last); l <= Math.Max(first, last); l++)
            {
                if (!firstTouch.TryGetValue((backward, l), out SimTime seen) || span.Start < seen)
                {
                    firstTouch[(backward, l)] = span.Start;
                }
            }
        }

        return (Between(firstTouch, false, layer, layer + 1), Between(firstTouch, true, layer, layer - 1));
    }

    private static Duration Between(Dictionary<(bool, int), SimTime> firstTouch, bool backward, int from, int to)
    {
        string pass = backward ? "backward" : "forward";
        if (!firstTouch.TryGetValue((backward, from), out SimTime a) || !firstTouch.TryGetValue((backward, to), out SimTime b))
        {
            throw new InvalidOperationException($"the replay's trace has no {pass} segments of layers {from} and {to} on rank 0");
        }

        // Compute ops merge into one segment until a collective or a dependency ends it; without one between two
        // layers the trace has no boundary there.
        return b > a ? b - a
            : throw new InvalidOperationException($"one {pass} segment on rank 0 covers layers {from} and {to}: the trace has no boundary between them");
    }

    /// <summary>Segment names of the schedule: "F L3", "B L5-4 mb0", "R L7 mb2 c1".</summary>
    [GeneratedRegex(@"^(?<phase>[FRB]) L(?<first>\d+)(?:-(?<last>\d+))?(?: |$)", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentName();
}
