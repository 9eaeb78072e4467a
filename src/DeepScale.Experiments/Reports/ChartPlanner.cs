using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// Chooses a sweep report's charts from its axes and results: scaling charts (throughput, efficiency, MFU, and the
/// data-stall share when data loading stalls) when the GPU count varies along a series; an iteration breakdown and a
/// memory chart per configuration (all of them when they fit in one figure, else those at the smallest and largest
/// GPU count, else figures of <see cref="MaxBars"/>); cost vs time to train when the configurations are priced and
/// the report sizes a job; predicted vs published with a reference; a timeline when asked for.
/// </summary>
public static class ChartPlanner
{
    /// <summary>Most bars in one figure.</summary>
    public const int MaxBars = 16;

    public static ImmutableArray<PlannedChart> Plan(ReportLayout layout, IReadOnlyList<ReportPoint> points, ReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(settings);
        var charts = new List<PlannedChart>();
        if (points.Count == 0)
        {
            return [];
        }

        string name = layout.Experiment;
        List<List<int>> series = [.. Enumerable.Range(0, points.Count).GroupBy(i => layout.SeriesKey(points[i])).Select(g => g.ToList())];
        PlannedMetric metric = layout.ModelGrows ? PlannedMetric.ModelTeraflops
            : points.All(p => p.Result.TokensPerS > 0) ? PlannedMetric.Tokens : PlannedMetric.Samples;
        if (layout.ScalesGpus && series.Any(s => s.Select(i => points[i].Result.Gpus).Distinct().Count() >= 2))
        {
            foreach (IGrouping<string, List<int>> facet in series.GroupBy(s => layout.Facet(points[s[0]], series.Count)))
            {
                string suffix = facet.Key.Length == 0 ? "" : "-" + ReportLayout.Slug(facet.Key);
                string about = facet.Key.Length == 0 ? name : $"{name}, {facet.Key}";
                ImmutableArray<PlannedSeries> lines =
                [
                    .. facet.Select(s => new PlannedSeries(layout.SeriesLabelInFacet(points[s[0]], facet.Key), [.. UniqueGpus(s, points)])),
                ];
                charts.Add(new PlannedChart(ReportChartKind.Throughput, $"throughput{suffix}.png", $"{about}: throughput vs GPUs") { Series = lines, Metric = metric, Weak = layout.Weak });
                charts.Add(new PlannedChart(ReportChartKind.ScalingEfficiency, $"scaling-efficiency{suffix}.png", $"{about}: scaling efficiency") { Series = lines, Metric = metric, Weak = layout.Weak });
                charts.Add(new PlannedChart(ReportChartKind.Mfu, $"mfu{suffix}.png", $"{about}: MFU vs GPUs") { Series = lines, Metric = metric, Weak = layout.Weak });
                if (facet.SelectMany(s => s).Any(i => points[i].Result.BreakdownS.DataStall > 0))
                {
                    charts.Add(new PlannedChart(ReportChartKind.DataStall, $"data-stall{suffix}.png", $"{about}: time waiting for data") { Series = lines });
                }
            }
        }

        charts.AddRange(AxisCharts(layout, points, metric, name));
        foreach ((string suffix, string about, List<int> members) in BarFigures(layout, points, name))
        {
            bool oneCount = members.Select(i => points[i].Result.Gpus).Distinct().Count() == 1;
            ImmutableArray<PlannedBar> bars = Bars(layout, points, members, withGpus: !oneCount || members.Count == 1);
            charts.Add(new PlannedChart(ReportChartKind.IterationBreakdown, $"breakdown{suffix}.png", $"{about}: where the iteration time goes") { Bars = bars });
            charts.Add(new PlannedChart(ReportChartKind.MemoryBreakdown, $"memory{suffix}.png", $"{about}: memory per GPU") { Bars = bars });
        }

        if (TrainingJob.IsSized(settings))
        {
            int[] priced = [.. Enumerable.Range(0, points.Count).Where(i => TrainingJob.CostUsd(points[i].Result, settings) is > 0)];
            if (priced.Length > 0)
            {
                charts.Add(new PlannedChart(ReportChartKind.CostVsTime, "cost-vs-time.png", $"{name}: cost vs time to train {TrainingJob.Describe(settings)}")
                {
                    Bars = Bars(layout, points, [.. priced]),
                });
            }
        }

        if (settings.Reference is { } reference)
        {
            charts.Add(new PlannedChart(ReportChartKind.PredictedVsPublished, "predicted-vs-published.png", $"{name}: predicted vs {reference.Source}")
            {
                Bars = Bars(layout, points, [.. Enumerable.Range(0, points.Count)]),
            });
        }

        if (settings.Timeline && Best(points) is int best)
        {
            charts.Add(new PlannedChart(ReportChartKind.Timeline, "timeline.png", $"{name}: one iteration of {layout.Label(points[best])}")
            {
                Bars = [new PlannedBar(layout.Label(points[best]), best)],
            });
        }

        return [.. charts];
    }

    /// <summary>The point with the highest throughput among those that fit (all points when none fits), or null; when
    /// the points train different models, whose samples/s do not compare, the one with the highest MFU.</summary>
    public static int? Best(IReadOnlyList<ReportPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return null;
        }

        bool tokens = points.All(p => p.Result.TokensPerS > 0);
        bool sameModel = points.Select(p => p.Result.ModelParams).Distinct().Count() == 1;
        double Throughput(int i) => !sameModel ? points[i].Result.Mfu : tokens ? points[i].Result.TokensPerS : points[i].Result.SamplesPerS;
        int[] candidates = [.. Enumerable.Range(0, points.Count).Where(i => points[i].Result.Memory.Fits)];
        if (candidates.Length == 0)
        {
            candidates = [.. Enumerable.Range(0, points.Count)];
        }

        return candidates.OrderByDescending(Throughput).ThenBy(i => i).First();
    }

    /// <summary>
    /// Throughput against each series axis of one numeric field (an averaging period, a micro-batch size), with one
    /// line per combination of the other axes (and GPU count), when the axis takes at least two values.
    /// </summary>
    private static IEnumerable<PlannedChart> AxisCharts(ReportLayout layout, IReadOnlyList<ReportPoint> points, PlannedMetric metric, string name)
    {
        for (int d = 0; d < layout.SeriesDimensions.Length; d++)
        {
            if (layout.SeriesDimensions[d] is not [string field])
            {
                continue;
            }

            double[] values = [.. points.Select(p => Numeric(p.ValueOf(field)))];
            if (values.Any(double.IsNaN) || values.Distinct().Count() < 2)
            {
                continue;
            }

            int dimension = d;
            string Key(ReportPoint p) => string.Join(" · ", Enumerable.Range(0, layout.SeriesDimensions.Length).Where(o => o != dimension).Select(o => layout.DimensionLabel(o, p)))
                + (layout.ScalesGpus ? $" · {p.Result.Gpus.ToString(CultureInfo.InvariantCulture)} GPUs" : "");
            ImmutableArray<PlannedSeries> lines =
            [
                .. Enumerable.Range(0, points.Count).GroupBy(i => Key(points[i]))
                    .Select(g => new PlannedSeries(g.Key.TrimStart(' ', '·').Length == 0 ? name : g.Key.TrimStart(' ', '·'), [.. g.OrderBy(i => values[i])])),
            ];
            yield return new PlannedChart(ReportChartKind.ThroughputVsAxis, $"throughput-vs-{ReportLayout.Slug(field)}.png", $"{name}: throughput vs {field}")
            {
                Series = lines,
                Metric = metric == PlannedMetric.ModelTeraflops ? PlannedMetric.ModelTeraflops : metric,
                Field = field,
            };
        }
    }

    private static double Numeric(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    /// <summary>A series' points with one per GPU count (the first at each count), sorted by GPUs.</summary>
    private static IEnumerable<int> UniqueGpus(List<int> series, IReadOnlyList<ReportPoint> points) =>
        series.GroupBy(i => points[i].Result.Gpus).Select(g => g.First()).OrderBy(i => points[i].Result.Gpus);

    private static IEnumerable<(string Suffix, string About, List<int> Members)> BarFigures(ReportLayout layout, IReadOnlyList<ReportPoint> points, string name)
    {
        List<int> all = [.. Enumerable.Range(0, points.Count)];
        if (all.Count <= MaxBars)
        {
            yield return ("", name, all);
            yield break;
        }

        if (layout.ScalesGpus)
        {
            int[] counts = [.. points.Select(p => p.Result.Gpus).Distinct().Order()];
            foreach (int gpus in new[] { counts[0], counts[^1] })
            {
                List<int> members = [.. all.Where(i => points[i].Result.Gpus == gpus)];
                string g = gpus.ToString(CultureInfo.InvariantCulture);
                for (int chunk = 0; chunk * MaxBars < members.Count; chunk++)
                {
                    string part = members.Count > MaxBars ? "-" + (chunk + 1).ToString(CultureInfo.InvariantCulture) : "";
                    yield return ($"-{g}gpus{part}", $"{name} at {g} {(gpus == 1 ? "GPU" : "GPUs")}", [.. members.Skip(chunk * MaxBars).Take(MaxBars)]);
                }
            }

            yield break;
        }

        for (int chunk = 0; chunk * MaxBars < all.Count; chunk++)
        {
            string n = (chunk + 1).ToString(CultureInfo.InvariantCulture);
            yield return ("-" + n, $"{name} (part {n})", [.. all.Skip(chunk * MaxBars).Take(MaxBars)]);
        }
    }

    private static ImmutableArray<PlannedBar> Bars(ReportLayout layout, IReadOnlyList<ReportPoint> points, List<int> members, bool withGpus = true)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var bars = ImmutableArray.CreateBuilder<PlannedBar>(members.Count);
        foreach (int i in members)
        {
            string label = layout.Label(points[i], withGpus);
            if (label.Length == 0)
            {
                label = layout.Label(points[i]);
            }

            int n = seen.TryGetValue(label, out int count) ? count + 1 : 1;
            seen[label] = n;
            bars.Add(new PlannedBar(n == 1 ? label : $"{label} #{n.ToString(CultureInfo.InvariantCulture)}", i));
        }

        return bars.MoveToImmutable();
    }
}
