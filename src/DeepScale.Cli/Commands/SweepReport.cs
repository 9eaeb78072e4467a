using System.Collections.Immutable;
using System.Globalization;
using System.Text;

using DeepScale.Experiments.Reports;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Sweeps;
using DeepScale.Replay;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Csv;
using DeepScale.Reporting.Files;
using DeepScale.Reporting.Inputs;
using DeepScale.Reporting.Markdown;

namespace DeepScale.Cli.Commands;

/// <summary>
/// Writes the report of a training sweep into its results folder from points.csv and manifest.json alone: the charts
/// <see cref="ChartPlanner"/> chooses and summary.md (what was asked, the key findings of
/// <see cref="SweepFindings"/>, a table of the points, skipped and failed points, the charts, how to reproduce).
/// Nothing here simulates; the same inputs give byte-identical files.
/// </summary>
public static class SweepReport
{
    /// <summary>Names of the files a report writes besides its charts.</summary>
    public const string Summary = "summary.md";

    /// <summary>Chart file name prefixes this report owns; stale charts with these prefixes are removed.</summary>
    private static readonly string[] s_chartPrefixes =
        ["throughput", "scaling-efficiency", "mfu", "data-stall", "breakdown", "memory", "cost-vs-time", "predicted-vs-published", "busbw"];

    /// <summary>Maps a sweep axis to its points.csv column: the field path, or <c>axis.</c> + the field where it
    /// would clash with a result column (<c>name</c>, <c>seed</c>, <c>fidelity</c>).</summary>
    public static string Column(string field) =>
        PointsCsv.ResultColumns.Contains(field, StringComparer.OrdinalIgnoreCase) ? "axis." + field : field;

    /// <summary>The inverse of <see cref="Column"/>.</summary>
    public static string Field(string column) =>
        column.StartsWith("axis.", StringComparison.Ordinal) && PointsCsv.ResultColumns.Contains(column[5..], StringComparer.OrdinalIgnoreCase)
            ? column[5..]
            : column;

    /// <summary>The report's points: each row of points.csv with its axis values and result.</summary>
    public static ImmutableArray<ReportPoint> Points(PointsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.Points.Select((p, i) => new ReportPoint(i, [.. p.Axes.Select(a => new AxisText(Field(a.Name), a.Value))], p.Row.ToResult()))];
    }

    /// <summary>Writes the charts and summary.md of the sweep in <paramref name="directory"/>; a timeline is drawn from
    /// <paramref name="timeline"/> when given, else an existing timeline.png is kept. Returns the chart files written.</summary>
    public static IReadOnlyList<string> Write(string directory, SweepManifest manifest, PointsTable table, IReadOnlyList<TraceSpan>? timeline = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ImmutableArray<ReportPoint> points = Points(table);
        ReportSettings settings = manifest.Report.ToSettings(directory);
        ReportLayout layout = ReportLayout.Of(manifest.Experiment, manifest.Axes, manifest.Mode, points);
        ImmutableArray<ReferenceComparison> comparisons = settings.Reference is { } r && points.Length > 0 ? ReferenceTable.Compare(r, points) : [];
        ImmutableArray<PlannedChart> plan = ChartPlanner.Plan(layout, points, settings);
        var written = new List<(PlannedChart Chart, string File)>();
        foreach (PlannedChart chart in plan)
        {
            string path = Path.Combine(directory, chart.FileName);
            if (chart.Kind == ReportChartKind.Timeline)
            {
                if (timeline is { Count: > 0 })
                {
                    Chart.Timeline(timeline).WithTitle(chart.Title).WithSize(ChartSize.Wide).SavePng(path);
                }

                if (File.Exists(path))
                {
                    written.Add((chart, chart.FileName));
                }

                continue;
            }

            if (Draw(chart, points, settings, comparisons) is not { } drawn)
            {
                continue;
            }

            drawn.SavePng(path);
            written.Add((chart, chart.FileName));
        }

        RemoveStale(directory, written.Select(w => w.File));
        ImmutableArray<string> findings = SweepFindings.Of(layout, points, settings, comparisons);
        AtomicFile.WriteAllText(Path.Combine(directory, Summary), Markdown(manifest, directory, layout, points, settings, comparisons, findings, written));
        return [.. written.Select(w => w.File)];
    }

    /// <summary>Deletes charts of an earlier report in <paramref name="directory"/> that this report did not draw.</summary>
    public static void RemoveStale(string directory, IEnumerable<string> keep)
    {
        var kept = new HashSet<string>(keep, StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "*.png"))
        {
            string name = Path.GetFileName(file);
            if (!kept.Contains(name) && s_chartPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The chart, or null when its data has nothing to draw (a scaling efficiency where no configuration fits).</summary>
    private static ReportChart? Draw(PlannedChart chart, IReadOnlyList<ReportPoint> points, ReportSettings settings, IReadOnlyList<ReferenceComparison> comparisons)
    {
        ThroughputMetric metric = chart.Metric switch
        {
            PlannedMetric.Tokens => ThroughputMetric.TokensPerSecond,
            PlannedMetric.ModelTeraflops => ThroughputMetric.ModelTeraflopsPerSecond,
            _ => ThroughputMetric.SamplesPerSecond,
        };
        ScalingKind kind = chart.Weak ? ScalingKind.Weak : ScalingKind.Strong;
        RunSeries[] series = [.. chart.Series.Select(s => new RunSeries(s.Label, [.. s.Points.Select(i => points[i].Result)], kind))];
        LabeledResult[] bars = [.. chart.Bars.Select(b => new LabeledResult(b.Label, points[b.Point].Result))];
        ChartSize size = bars.Length > 8 || series.Length > 5 ? ChartSize.Wide : ChartSize.Standard;
        ReportChart? drawn = chart.Kind switch
        {
            ReportChartKind.Throughput => Chart.Throughput(series, metric) with { ShowIdeal = series.Length <= 4 },
            ReportChartKind.ScalingEfficiency when !ScalingEfficiencyChart.HasBaseline(series, metric) => null,
            ReportChartKind.ScalingEfficiency => Chart.ScalingEfficiency(series, metric),
            ReportChartKind.Mfu => Chart.Mfu(series),
            ReportChartKind.DataStall => Chart.Lines(
                [.. chart.Series.Select(s => new LineSeries(s.Label, [.. s.Points.Select(i => (double)points[i].Result.Gpus)],
                    [.. s.Points.Select(i => 100 * points[i].Result.BreakdownS.DataStall / points[i].Result.IterationTimeS)]))],
                "GPUs (log2 scale)", "data stall (% of iteration time)") with
            {
                XAxis = LineAxis.Log2Count,
                ReferenceLine = (100 * SweepFindings.StallThreshold, $"bottleneck threshold ({ReportFormat.Percent(SweepFindings.StallThreshold)})"),
            },
            ReportChartKind.ThroughputVsAxis => AxisChart(chart, points),
            ReportChartKind.IterationBreakdown => Chart.IterationBreakdown(bars),
            ReportChartKind.MemoryBreakdown => Chart.MemoryBreakdown(bars),
            ReportChartKind.CostVsTime => Chart.CostVsTimeToTrain(
                [.. chart.Bars.Select(b => new CostTimePoint(b.Label, TrainingJob.Seconds(points[b.Point].Result, settings)!.Value, TrainingJob.CostUsd(points[b.Point].Result, settings)!.Value))]),
            ReportChartKind.PredictedVsPublished => Chart.PredictedVsMeasuredByRow(
                [.. comparisons.Select(c => new PredictionComparison(c.Label, c.Predicted, c.Published))], settings.Reference!.Quantity),
            _ => throw new ArgumentOutOfRangeException(nameof(chart), chart.Kind, "not drawn from points"),
        };
        return drawn?.WithTitle(chart.Title).WithSize(size);
    }

    /// <summary>Throughput against a numeric axis: log2 when every value is a power of two (periods, batch sizes).</summary>
    private static LineChart AxisChart(PlannedChart chart, IReadOnlyList<ReportPoint> points)
    {
        string field = chart.Field!;
        double X(int i) => double.Parse(points[i].ValueOf(field)!, NumberStyles.Float, CultureInfo.InvariantCulture);
        double Y(int i) => chart.Metric switch
        {
            PlannedMetric.Tokens => points[i].Result.TokensPerS,
            PlannedMetric.ModelTeraflops => points[i].Result.ModelTflopsPerGpu * points[i].Result.Gpus,
            _ => points[i].Result.SamplesPerS,
        };
        string unit = chart.Metric switch
        {
            PlannedMetric.Tokens => "tokens/s",
            PlannedMetric.ModelTeraflops => "model TFLOP/s, all GPUs",
            _ => "samples/s",
        };
        bool powersOfTwo = chart.Series.SelectMany(s => s.Points).All(i => X(i) >= 1 && double.IsInteger(Math.Log2(X(i))));
        return Chart.Lines(
            [.. chart.Series.Select(s => new LineSeries(s.Label, [.. s.Points.Select(X)], [.. s.Points.Select(Y)]))],
            field + (powersOfTwo ? " (log2 scale)" : ""),
            $"throughput ({unit})") with
        { XAxis = powersOfTwo ? LineAxis.Log2Count : LineAxis.Linear };
    }

    private static string Markdown(SweepManifest m, string directory, ReportLayout layout, IReadOnlyList<ReportPoint> points, ReportSettings settings,
        IReadOnlyList<ReferenceComparison> comparisons, IReadOnlyList<string> findings, IReadOnlyList<(PlannedChart Chart, string File)> charts)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(m.Experiment).Append("\n\n");
        if (m.Description.Length > 0)
        {
            md.Append(m.Description.Trim().ReplaceLineEndings(" ")).Append("\n\n");
        }

        md.Append(Header(m)).Append("\n\n");
        md.Append("## Key findings\n\n");
        foreach (string finding in findings)
        {
            md.Append("- ").Append(finding).Append('\n');
        }

        md.Append("\n## Points\n\n");
        md.Append(Table(layout, points, settings, comparisons).ToMarkdown());
        Notes(md, "Skipped points", "skipped by `filter: skip-invalid`, not failures", m.Skipped);
        Notes(md, "Failed points", "the simulation threw", m.Failed);
        if (charts.Count > 0)
        {
            md.Append("\n## Charts\n\n");
            foreach ((PlannedChart chart, string file) in charts)
            {
                md.Append("![").Append(chart.Title).Append("](").Append(file).Append(")\n\n");
            }
        }

        md.Append(Reproduce(m));
        return md.ToString();
    }

    /// <summary>What was run, in one paragraph.</summary>
    public static string Header(SweepManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        string axes = string.Join("; ", m.Axes.Select(a => $"`{a.Field}`{(a.Group is null ? "" : $" (group {a.Group})")} ∈ {{{string.Join(", ", a.Values.Select(ReportLayout.Short))}}}"));
        ManifestCounts c = m.Counts;
        string state = m.Status switch
        {
            "complete" => "",
            "interrupted" => $" **Incomplete:** the sweep was stopped with {c.Valid - c.Finished - c.Failed} points left; rerun the same command to finish it.",
            _ => $" **{c.Failed} points failed** (listed below).",
        };
        string form = m.Variant == "quick" ? "the quick form, " : "";
        return $"*Sweep ({form}{m.Mode}):* {axes}. {c.Total} points: {c.Finished} finished, {c.Skipped} skipped, {c.Failed} failed. " +
            $"Fidelity {string.Join(", ", m.Fidelities)}{(m.Seeds.Count > 0 ? $"; seed {string.Join(", ", m.Seeds)}" : "")}; DeepScale {m.DeepscaleVersion}, catalog {m.CatalogVersion}.{state}";
    }

    private static MarkdownTable Table(ReportLayout layout, IReadOnlyList<ReportPoint> points, ReportSettings settings, IReadOnlyList<ReferenceComparison> comparisons)
    {
        bool tokens = points.Count > 0 && points.All(p => p.Result.TokensPerS > 0);
        bool stall = points.Any(p => p.Result.BreakdownS.DataStall > 0);
        bool priced = points.Any(p => p.Result.Cost.UsdPerHour > 0);
        bool sized = TrainingJob.IsSized(settings);
        bool reference = comparisons.Count > 0;
        var columns = new List<MarkdownColumn>();
        columns.AddRange(layout.VaryingFields.Select(f => new MarkdownColumn(f)));
        columns.Add("GPUs");
        columns.Add("iteration time (s)");
        columns.Add(tokens ? "tokens/s" : "samples/s");
        columns.Add(new MarkdownColumn("MFU (%)", SignificantDigits: 3));
        columns.Add(new MarkdownColumn("peak memory (GiB)", SignificantDigits: 3));
        columns.Add(new MarkdownColumn("fits", MarkdownAlignment.Center));
        columns.Add(new MarkdownColumn("largest overhead", MarkdownAlignment.Left));
        if (stall)
        {
            columns.Add(new MarkdownColumn("data stall (%)", SignificantDigits: 3));
        }

        if (priced)
        {
            columns.Add(new MarkdownColumn("USD/hour", SignificantDigits: 4));
        }

        if (sized)
        {
            columns.Add(new MarkdownColumn("time to train", MarkdownAlignment.Right));
        }

        if (sized && priced)
        {
            columns.Add(new MarkdownColumn("cost to train (USD)", SignificantDigits: 4));
        }

        if (reference)
        {
            columns.Add(new MarkdownColumn(settings.Reference!.Source, SignificantDigits: 4));
            columns.Add(new MarkdownColumn("error (%)", SignificantDigits: 3));
        }

        var table = new MarkdownTable(columns);
        foreach (ReportPoint p in points)
        {
            RunResult r = p.Result;
            var cells = new List<MarkdownCell>();
            cells.AddRange(layout.VaryingFields.Select(f => (MarkdownCell)ReportLayout.Short(p.ValueOf(f) ?? "")));
            cells.Add(r.Gpus);
            cells.Add(r.IterationTimeS);
            cells.Add(tokens ? r.TokensPerS : r.SamplesPerS);
            cells.Add(100 * r.Mfu);
            cells.Add(r.Memory.PeakGib);
            cells.Add(r.Memory.Fits);
            cells.Add(Overhead(r.BreakdownS));
            if (stall)
            {
                cells.Add(100 * r.BreakdownS.DataStall / r.IterationTimeS);
            }

            if (priced)
            {
                cells.Add(r.Cost.UsdPerHour);
            }

            if (sized)
            {
                cells.Add(TrainingJob.Seconds(r, settings) is double s ? ReportFormat.Duration(s) : "—");
            }

            if (sized && priced)
            {
                cells.Add(TrainingJob.CostUsd(r, settings) is double usd ? usd : "—");
            }

            if (reference)
            {
                ReferenceComparison? c = comparisons.FirstOrDefault(x => x.Point == p.Index);
                cells.Add(c is null ? "—" : c.Published);
                cells.Add(c is null ? "—" : 100 * c.RelativeError);
            }

            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>The largest part of the iteration that is not computation, with its share ("bubble 6.3%").</summary>
    private static string Overhead(BreakdownResult b)
    {
        (string Name, double Seconds)[] parts =
        [
            ("bubble", b.PipelineBubble), ("TP comm", b.ExposedTpComm), ("PP comm", b.ExposedPpComm), ("DP comm", b.ExposedDpComm), ("data stall", b.DataStall),
        ];
        (string name, double seconds) = parts.OrderByDescending(p => p.Seconds).First();
        return seconds <= 0 || b.Total <= 0 ? "none" : $"{name} {ReportFormat.Percent(seconds / b.Total)}";
    }

    /// <summary>A section listing points without a result, when there are any.</summary>
    public static void Notes(StringBuilder md, string title, string what, IReadOnlyList<ManifestNote> notes)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count == 0)
        {
            return;
        }

        md.Append("\n## ").Append(title).Append("\n\n").Append(notes.Count.ToString(CultureInfo.InvariantCulture))
            .Append(notes.Count == 1 ? " point (" : " points (").Append(what).Append("):\n\n");
        foreach (ManifestNote n in notes)
        {
            md.Append("- `").Append(n.Point).Append("`: ").Append(n.Reason.ReplaceLineEndings(" ")).Append('\n');
        }
    }

    /// <summary>The commands that regenerate the folder.</summary>
    public static string Reproduce(SweepManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        string quick = m.Variant == "quick" ? " --quick" : "";
        string dir = m.ResultsDirectory;
        return $"\n## Reproduce\n\n```\ndeepscale sweep {m.ExperimentFile}{quick} --out {dir}\ndeepscale report {dir}    # charts and this summary again, without simulating\n```\n";
    }
}
