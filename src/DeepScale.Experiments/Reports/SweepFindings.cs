using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// The key findings of a sweep, computed from its results and written as sentences with numbers: the best
/// configuration, memory fit, scaling efficiency per series, where the time goes, when data loading becomes the
/// bottleneck, the effect of each swept axis, time and cost to train the report's job, and the error against a
/// reference. Each sentence states what it measured; nothing here is simulated anew.
/// </summary>
public static class SweepFindings
{
    /// <summary>A data stall of at least this share of the iteration counts as data loading being the bottleneck.</summary>
    public const double StallThreshold = 0.05;

    private const int MaxListed = 12;

    public static ImmutableArray<string> Of(ReportLayout layout, IReadOnlyList<ReportPoint> points, ReportSettings settings, IReadOnlyList<ReferenceComparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(comparisons);
        if (points.Count == 0)
        {
            return ["No point finished, so there is nothing to report yet."];
        }

        var findings = new List<string>();
        bool tokens = points.All(p => p.Result.TokensPerS > 0);
        int best = ChartPlanner.Best(points)!.Value;
        findings.Add(layout.WorkloadFields.IsEmpty || layout.ModelGrows
            ? BestFinding(layout, points[best], tokens)
            : BestPerWorkload(layout, points, tokens));
        findings.Add(MemoryFinding(layout, points));
        if (layout.ScalesGpus)
        {
            findings.AddRange(ScalingFindings(layout, points, tokens));
        }

        findings.Add(TimeFinding(layout, points, best));
        findings.AddRange(StallFindings(layout, points));
        findings.AddRange(AxisEffects(layout, points, tokens));
        if (TrainingJob.IsSized(settings))
        {
            findings.AddRange(TrainingFindings(layout, points, settings));
        }

        if (settings.Reference is { } reference)
        {
            findings.Add(ReferenceFinding(reference, comparisons));
        }

        return [.. findings];
    }

    /// <summary>The throughput of a result in the unit the report uses.</summary>
    public static double Throughput(RunResult r, bool tokens) => tokens ? r.TokensPerS : r.SamplesPerS;

    private static string Unit(bool tokens) => tokens ? "tokens/s" : "samples/s";

    private static string BestFinding(ReportLayout layout, ReportPoint p, bool tokens)
    {
        string by = layout.ModelGrows ? " (by MFU, since the models differ)" : "";
        return $"**Best configuration**{by}: {Describe(layout, p, tokens)}.";
    }

    /// <summary>The best configuration of each workload (sequence length, data set…), since throughputs of different jobs do not rank.</summary>
    private static string BestPerWorkload(ReportLayout layout, IReadOnlyList<ReportPoint> points, bool tokens)
    {
        var lines = new List<string>();
        foreach (IGrouping<string, ReportPoint> job in points.GroupBy(layout.WorkloadLabel))
        {
            ReportPoint[] members = [.. job];
            lines.Add($"{job.Key}: {Describe(layout, members[ChartPlanner.Best(members)!.Value], tokens)}");
        }

        return $"**Best configuration** for each {string.Join(" and ", layout.WorkloadFields)} (different jobs, so ranked apart):" + List(lines);
    }

    private static string Describe(ReportLayout layout, ReportPoint p, bool tokens)
    {
        RunResult r = p.Result;
        string fit = r.Memory.Fits ? "" : " (no configuration fits in memory; this one needs " + ReportFormat.Number(r.Memory.PeakGib) + " GiB)";
        return $"{layout.Label(p)} at {ReportFormat.Number(Throughput(r, tokens))} {Unit(tokens)} " +
            $"({ReportFormat.Number(r.IterationTimeS)} s per iteration on {r.Gpus.ToString(CultureInfo.InvariantCulture)} GPUs), " +
            $"MFU {ReportFormat.Percent(r.Mfu)}, peak memory {ReportFormat.Number(r.Memory.PeakGib)} of {ReportFormat.Number(r.Memory.CapacityGib)} GiB{fit}";
    }

    private static string MemoryFinding(ReportLayout layout, IReadOnlyList<ReportPoint> points)
    {
        ReportPoint[] overflowing = [.. points.Where(p => !p.Result.Memory.Fits)];
        if (overflowing.Length == 0)
        {
            ReportPoint largest = points.OrderByDescending(p => p.Result.Memory.PeakGib / p.Result.Memory.CapacityGib).First();
            return $"**Memory:** every configuration fits; the fullest is {layout.Label(largest)} at " +
                $"{ReportFormat.Number(largest.Result.Memory.PeakGib)} of {ReportFormat.Number(largest.Result.Memory.CapacityGib)} GiB.";
        }

        string list = string.Join(", ", overflowing.Take(MaxListed).Select(p =>
            $"{layout.Label(p)} ({ReportFormat.Number(p.Result.Memory.PeakGib)} of {ReportFormat.Number(p.Result.Memory.CapacityGib)} GiB, mostly {Largest(p.Result.Memory)})"));
        string more = overflowing.Length > MaxListed ? $" and {overflowing.Length - MaxListed} more" : "";
        return $"**Memory:** {overflowing.Length} of {points.Count} configurations do not fit in device memory: {list}{more}.";
    }

    private static string Largest(MemoryResult m) =>
        new (string Name, double Gib)[] { ("weights", m.WeightsGib), ("gradients", m.GradientsGib), ("optimizer state", m.OptimizerGib), ("activations", m.ActivationsGib), ("other", m.OtherGib) }
            .OrderByDescending(x => x.Gib).First().Name;

    private static IEnumerable<string> ScalingFindings(ReportLayout layout, IReadOnlyList<ReportPoint> points, bool tokens)
    {
        var lines = new List<string>();
        foreach (IGrouping<string, ReportPoint> series in points.GroupBy(layout.SeriesKey))
        {
            ReportPoint[] byGpus = [.. series.Where(p => p.Result.Memory.Fits).GroupBy(p => p.Result.Gpus).Select(g => g.First()).OrderBy(p => p.Result.Gpus)];
            if (byGpus.Length < 2)
            {
                continue;
            }

            ReportPoint first = byGpus[0];
            ReportPoint last = byGpus[^1];
            double ideal = (double)last.Result.Gpus / first.Result.Gpus;
            string range = $"{first.Result.Gpus.ToString(CultureInfo.InvariantCulture)} → {last.Result.Gpus.ToString(CultureInfo.InvariantCulture)} GPUs";
            if (layout.ModelGrows)
            {
                double perGpu0 = first.Result.ModelTflopsPerGpu;
                double perGpu1 = last.Result.ModelTflopsPerGpu;
                lines.Add($"{layout.SeriesLabel(first)}: {range} (model growing with the GPUs): model TFLOP/s per GPU {ReportFormat.Number(perGpu0)} → {ReportFormat.Number(perGpu1)}, weak-scaling efficiency {ReportFormat.Percent(perGpu1 / perGpu0)}");
            }
            else
            {
                double ratio = Throughput(last.Result, tokens) / Throughput(first.Result, tokens);
                string kind = layout.Weak ? " (global batch growing with the GPUs)" : "";
                lines.Add($"{layout.SeriesLabel(first)}: {range}{kind}: throughput {ReportFormat.Ratio(ratio)} (ideal {ReportFormat.Ratio(ideal)}), scaling efficiency {ReportFormat.Percent(ratio / ideal)}");
            }
        }

        if (lines.Count == 0)
        {
            yield break;
        }

        yield return "**Scaling** (from the smallest to the largest GPU count that fits, per series):" + List(lines);
    }

    private static string TimeFinding(ReportLayout layout, IReadOnlyList<ReportPoint> points, int best)
    {
        BreakdownResult b = points[best].Result.BreakdownS;
        double total = Math.Max(b.Total, 1e-30);
        string Share(double s) => ReportFormat.Percent(s / total);
        double compute = b.Forward + b.Backward + b.Recompute + b.Optimizer;
        double comm = b.ExposedTpComm + b.ExposedPpComm + b.ExposedDpComm;
        string text = $"**Where the time goes** in the best configuration{(layout.WorkloadFields.IsEmpty || layout.ModelGrows ? "" : $" overall ({layout.Label(points[best])})")}: compute {Share(compute)} (forward {Share(b.Forward)}, backward {Share(b.Backward)}, " +
            $"recompute {Share(b.Recompute)}, optimizer {Share(b.Optimizer)}), exposed communication {Share(comm)} (TP {Share(b.ExposedTpComm)}, " +
            $"PP {Share(b.ExposedPpComm)}, DP {Share(b.ExposedDpComm)}), pipeline bubble {Share(b.PipelineBubble)}, data stall {Share(b.DataStall)}.";
        (ReportPoint Point, string Part, double Share) worst = points
            .Select(p => (Point: p, Overhead: Overheads(p.Result.BreakdownS).OrderByDescending(o => o.Seconds).First()))
            .Select(x => (x.Point, x.Overhead.Name, x.Overhead.Seconds / Math.Max(x.Point.Result.BreakdownS.Total, 1e-30)))
            .OrderByDescending(x => x.Item3).ThenBy(x => x.Point.Index).First();
        if (worst.Share > 0)
        {
            text += $" The largest overhead of any configuration is {worst.Part} in {layout.Label(worst.Point)}: {ReportFormat.Percent(worst.Share)} of its iteration.";
        }

        return text;
    }

    private static IEnumerable<(string Name, double Seconds)> Overheads(BreakdownResult b) =>
    [
        ("the pipeline bubble", b.PipelineBubble), ("exposed TP communication", b.ExposedTpComm), ("exposed PP communication", b.ExposedPpComm),
        ("exposed DP communication", b.ExposedDpComm), ("the data stall", b.DataStall),
    ];

    private static IEnumerable<string> StallFindings(ReportLayout layout, IReadOnlyList<ReportPoint> points)
    {
        if (!points.Any(p => p.Result.BreakdownS.DataStall > 0))
        {
            yield break;
        }

        string threshold = ReportFormat.Percent(StallThreshold);
        if (!layout.ScalesGpus)
        {
            ReportPoint[] stalled = [.. points.Where(p => Stall(p) >= StallThreshold)];
            yield return stalled.Length == 0
                ? $"**Data loading** keeps up everywhere: the data stall stays below {threshold} of the iteration."
                : $"**Data loading** is the bottleneck (data stall ≥ {threshold} of the iteration) in {stalled.Length} of {points.Count} configurations: " +
                    Join(stalled.Take(MaxListed).Select(p => $"{layout.Label(p)} ({ReportFormat.Percent(Stall(p))})")) + ".";
            yield break;
        }

        var lines = new List<string>();
        foreach (IGrouping<string, ReportPoint> series in points.GroupBy(layout.SeriesKey))
        {
            ReportPoint[] byGpus = [.. series.GroupBy(p => p.Result.Gpus).Select(g => g.First()).OrderBy(p => p.Result.Gpus)];
            ReportPoint last = byGpus[^1];
            string label = layout.SeriesLabel(last);
            string lastGpus = last.Result.Gpus.ToString(CultureInfo.InvariantCulture);
            ReportPoint? onset = byGpus.FirstOrDefault(p => Stall(p) >= StallThreshold);
            lines.Add(onset is null
                ? $"{label}: keeps up to {lastGpus} GPUs (stall {ReportFormat.Percent(Stall(last))} there)"
                : $"{label}: from {onset.Result.Gpus.ToString(CultureInfo.InvariantCulture)} GPUs (stall {ReportFormat.Percent(Stall(onset))} there, {ReportFormat.Percent(Stall(last))} at {lastGpus} GPUs)");
        }

        yield return $"**Data loading becomes the bottleneck** (data stall ≥ {threshold} of the iteration) per series:" + List(lines);
    }

    private static double Stall(ReportPoint p) => p.Result.BreakdownS.DataStall / Math.Max(p.Result.IterationTimeS, 1e-30);

    /// <summary>
    /// For each series dimension: the throughput of each of its values relative to its first value, over the
    /// configurations that differ only in that dimension (geometric mean of the ratios of matched pairs).
    /// </summary>
    private static IEnumerable<string> AxisEffects(ReportLayout layout, IReadOnlyList<ReportPoint> all, bool tokens)
    {
        // Compare configurations that fit; a throughput that needs more memory than the device has is not an option.
        IReadOnlyList<ReportPoint> points = all.Any(p => p.Result.Memory.Fits) ? [.. all.Where(p => p.Result.Memory.Fits)] : all;
        for (int d = 0; d < layout.SeriesDimensions.Length; d++)
        {
            ImmutableArray<string> dimension = layout.SeriesDimensions[d];
            string[] others = [.. layout.VaryingFields.Where(f => !dimension.Contains(f))];
            string Key(ReportPoint p) => string.Join("\n", others.Select(f => p.ValueOf(f)));
            string Value(ReportPoint p) => string.Join("\n", dimension.Select(f => p.ValueOf(f)));
            string[] values = [.. points.Select(Value).Distinct(StringComparer.Ordinal)];
            if (values.Length < 2)
            {
                continue;
            }

            var parts = new List<string>();
            foreach (string value in values.Skip(1))
            {
                double logSum = 0;
                int matched = 0;
                foreach (IGrouping<string, ReportPoint> group in points.GroupBy(Key))
                {
                    ReportPoint? a = group.FirstOrDefault(p => Value(p) == values[0]);
                    ReportPoint? b = group.FirstOrDefault(p => Value(p) == value);
                    if (a is not null && b is not null && Throughput(a.Result, tokens) > 0 && Throughput(b.Result, tokens) > 0)
                    {
                        logSum += Math.Log(Throughput(b.Result, tokens) / Throughput(a.Result, tokens));
                        matched++;
                    }
                }

                if (matched > 0)
                {
                    ReportPoint example = points.First(p => Value(p) == value);
                    string pairs = matched == 1 ? "" : $" over {matched.ToString(CultureInfo.InvariantCulture)} matched configurations";
                    parts.Add($"{Name(dimension, example)} {ReportFormat.Ratio(Math.Exp(logSum / matched))}{pairs}");
                }
            }

            if (parts.Count > 0)
            {
                ReportPoint first = points.First(p => Value(p) == values[0]);
                string fits = points.Count < all.Count ? " (configurations that fit)" : "";
                yield return $"**Effect of {layout.SeriesDimensionNames[d]}** on throughput{fits}, relative to {Name(dimension, first)}: {Join(parts)}.";
            }
        }
    }

    private static string Name(ImmutableArray<string> dimension, ReportPoint p)
    {
        string field = dimension.FirstOrDefault(f => f is "name" or "description") ?? dimension[0];
        return ReportLayout.Named(field, p.ValueOf(field) ?? "");
    }

    private static IEnumerable<string> TrainingFindings(ReportLayout layout, IReadOnlyList<ReportPoint> points, ReportSettings settings)
    {
        string job = TrainingJob.Describe(settings);
        ReportPoint[] sized = [.. points.Where(p => p.Result.Memory.Fits && TrainingJob.Seconds(p.Result, settings) is not null)];
        if (sized.Length == 0)
        {
            yield break;
        }

        ReportPoint fastest = sized.OrderBy(p => TrainingJob.Seconds(p.Result, settings)).First();
        var lines = new List<string>();
        if (layout.SeriesDimensions.Length > 0 && layout.ScalesGpus)
        {
            ImmutableArray<string> first = layout.SeriesDimensions[0];
            foreach (IGrouping<string, ReportPoint> group in sized.GroupBy(p => string.Join("\n", first.Select(f => p.ValueOf(f)))))
            {
                int lo = group.Min(p => p.Result.Gpus);
                int hi = group.Max(p => p.Result.Gpus);
                ReportPoint small = group.Where(p => p.Result.Gpus == lo).OrderBy(p => TrainingJob.Seconds(p.Result, settings)).First();
                ReportPoint large = group.Where(p => p.Result.Gpus == hi).OrderBy(p => TrainingJob.Seconds(p.Result, settings)).First();
                lines.Add($"{Name(first, small)}: {ReportFormat.Duration(TrainingJob.Seconds(small.Result, settings)!.Value)} on {Gpus(lo)} → " +
                    $"{ReportFormat.Duration(TrainingJob.Seconds(large.Result, settings)!.Value)} on {Gpus(hi)} ({layout.Label(large)})");
            }
        }

        string detail = lines.Count > 0 ? " Per " + layout.SeriesDimensionNames[0] + " (best configuration at the smallest and largest GPU count):" + List(lines) : "";
        yield return $"**Time to train {job}:** fastest {layout.Label(fastest)} in {ReportFormat.Duration(TrainingJob.Seconds(fastest.Result, settings)!.Value)}.{detail}";

        ReportPoint[] priced = [.. sized.Where(p => TrainingJob.CostUsd(p.Result, settings) is > 0)];
        if (priced.Length == 0)
        {
            yield break;
        }

        ReportPoint cheapest = priced.OrderBy(p => TrainingJob.CostUsd(p.Result, settings)).ThenBy(p => p.Index).First();
        ReportPoint quickest = priced.OrderBy(p => TrainingJob.Seconds(p.Result, settings)).ThenBy(p => p.Index).First();
        ReportPoint[] front = [.. priced.Where(p => !priced.Any(q => Dominates(q, p, settings))).OrderBy(p => TrainingJob.Seconds(p.Result, settings))];
        string Describe(ReportPoint p) =>
            $"{layout.Label(p)} ({ReportFormat.Duration(TrainingJob.Seconds(p.Result, settings)!.Value)}, {ReportFormat.Usd(TrainingJob.CostUsd(p.Result, settings)!.Value)})";
        yield return $"**Cost of {job}** at on-demand prices: cheapest {Describe(cheapest)}; fastest {Describe(quickest)}. " +
            "Pareto front (nothing else is both faster and cheaper):" + List(front.Select(Describe));
    }

    private static bool Dominates(ReportPoint q, ReportPoint p, ReportSettings settings)
    {
        double tq = TrainingJob.Seconds(q.Result, settings)!.Value;
        double tp = TrainingJob.Seconds(p.Result, settings)!.Value;
        double cq = TrainingJob.CostUsd(q.Result, settings)!.Value;
        double cp = TrainingJob.CostUsd(p.Result, settings)!.Value;
        return tq <= tp && cq <= cp && (tq < tp || cq < cp);
    }

    private static string ReferenceFinding(ReferenceSettings reference, IReadOnlyList<ReferenceComparison> comparisons)
    {
        if (comparisons.Count == 0)
        {
            return $"**Against {reference.Source}:** no reference row matched a finished point.";
        }

        double mean = comparisons.Average(c => Math.Abs(c.RelativeError));
        ReferenceComparison worst = comparisons.OrderByDescending(c => Math.Abs(c.RelativeError)).First();
        IEnumerable<string> rows = comparisons.Select(c => $"{c.Label}: {ReportFormat.Number(c.Predicted)} predicted vs {ReportFormat.Number(c.Published)} published ({Signed(c.RelativeError)})");
        return $"**Against {reference.Source}**, {reference.Quantity}: mean absolute error {ReportFormat.Percent(mean)} over {comparisons.Count} rows, " +
            $"largest {worst.Label} at {Signed(worst.RelativeError)}:" + List(rows);
    }

    private static string Signed(double fraction) => (fraction >= 0 ? "+" : "") + ReportFormat.Percent(fraction);

    private static string Gpus(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " GPU" : " GPUs");

    private static string Join(IEnumerable<string> parts) => string.Join("; ", parts);

    /// <summary>Items as a nested markdown list under the finding that introduces them.</summary>
    private static string List(IEnumerable<string> items) => string.Concat(items.Select(i => "\n  - " + i));
}
