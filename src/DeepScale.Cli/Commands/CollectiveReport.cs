using System.Collections.Immutable;
using System.Globalization;
using System.Text;

using DeepScale.Core.Units;
using DeepScale.Experiments.Reports;
using DeepScale.Experiments.Sweeps;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Files;
using DeepScale.Reporting.Inputs;
using DeepScale.Reporting.Markdown;

namespace DeepScale.Cli.Commands;

/// <summary>
/// Writes the report of a collective sweep from its points.csv and manifest.json: one bus-bandwidth-vs-size chart
/// per system, GPU count and operation (a line per requested algorithm and protocol, measured curves overlaid) and
/// summary.md with the findings of <see cref="CollectiveFindings"/> and a table at a few sizes.
/// </summary>
public static class CollectiveReport
{
    /// <summary>Writes the charts and summary.md; returns the chart files written.</summary>
    public static IReadOnlyList<string> Write(string directory, SweepManifest manifest, IReadOnlyList<CollectivePointRow> rows)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(rows);
        ImmutableArray<OverlayCurve> curves = [.. manifest.Overlays.Select(o => OverlayCurve.Read(o, directory))];
        bool manyOps = rows.Select(r => r.Op).Distinct().Count() > 1;
        bool manyProtocols = rows.Select(r => r.ProtocolRequested).Distinct().Count() > 1;
        var written = new List<(string Title, string File)>();
        foreach (IGrouping<(string System, int Gpus, string Op), CollectivePointRow> facet in rows.GroupBy(r => (r.System, r.Gpus, r.Op)))
        {
            string gpus = facet.Key.Gpus.ToString(CultureInfo.InvariantCulture);
            string file = $"busbw-{ReportLayout.Slug(facet.Key.System)}-{gpus}gpus{(manyOps ? "-" + facet.Key.Op : "")}.png";
            string title = $"{facet.Key.Op} on {facet.Key.System} × {gpus} GPUs: bus bandwidth vs message size";
            var series = new List<LineSeries>();
            foreach (IGrouping<(string Algorithm, string Protocol), CollectivePointRow> line in facet.GroupBy(r => (r.AlgorithmRequested, r.ProtocolRequested)))
            {
                string label = line.Key.Algorithm == CollectiveNames.Auto ? "auto (NCCL-style choice, wide band)" : line.Key.Algorithm;
                if (manyProtocols)
                {
                    label += " / " + line.Key.Protocol;
                }

                series.Add(new LineSeries("predicted: " + label, [.. line.Select(r => r.Bytes)], [.. line.Select(r => r.BusbwGbps)])
                {
                    Underlay = line.Key.Algorithm == CollectiveNames.Auto && facet.Select(r => r.AlgorithmRequested).Distinct().Count() > 1,
                });
            }

            foreach (OverlayCurve curve in curves.Where(c => c.Overlay.System == facet.Key.System && c.Overlay.Gpus == facet.Key.Gpus && c.Overlay.Op == facet.Key.Op && c.Points.Length > 0))
            {
                series.Add(new LineSeries("measured: " + curve.Overlay.Label, [.. curve.Points.Select(p => p.Bytes)], [.. curve.Points.Select(p => p.BusbwGbps)], Measured: true));
            }

            (Chart.Lines(series, "message size (log2 scale)", "bus bandwidth (GB/s, nccl-tests busbw)") with { XAxis = LineAxis.Log2Bytes })
                .WithTitle(title).WithSize(ChartSize.Wide).SavePng(Path.Combine(directory, file));
            written.Add((title, file));
        }

        SweepReport.RemoveStale(directory, written.Select(w => w.File));
        var md = new StringBuilder();
        md.Append("# ").Append(manifest.Experiment).Append("\n\n");
        if (manifest.Description.Length > 0)
        {
            md.Append(manifest.Description.Trim().ReplaceLineEndings(" ")).Append("\n\n");
        }

        md.Append(SweepReport.Header(manifest)).Append("\n\n## Key findings\n\n");
        foreach (string finding in CollectiveFindings.Of(rows, curves))
        {
            md.Append("- ").Append(finding).Append('\n');
        }

        md.Append("\n## Points\n\nBus bandwidth (GB/s) at a few of the swept sizes; points.csv has every size, with time, algorithm bandwidth and the algorithm and protocol chosen.\n\n");
        md.Append(Table(rows).ToMarkdown());
        SweepReport.Notes(md, "Skipped points", "combinations the model cannot predict", manifest.Skipped);
        md.Append("\n## Charts\n\n");
        foreach ((string title, string file) in written)
        {
            md.Append("![").Append(title).Append("](").Append(file).Append(")\n\n");
        }

        md.Append(SweepReport.Reproduce(manifest));
        AtomicFile.WriteAllText(Path.Combine(directory, SweepReport.Summary), md.ToString());
        return [.. written.Select(w => w.File)];
    }

    /// <summary>One row per system, GPU count, operation, algorithm and protocol; columns at up to five sizes.</summary>
    private static MarkdownTable Table(IReadOnlyList<CollectivePointRow> rows)
    {
        double[] all = [.. rows.Select(r => r.Bytes).Distinct().Order()];
        double[] wanted = [all[0], Bytes.FromMiB(1).Count, Bytes.FromMiB(64).Count, Bytes.FromGiB(1).Count, all[^1]];
        double[] sizes = [.. wanted.Select(w => all.OrderBy(a => Math.Abs(Math.Log(a / w))).First()).Distinct().Order()];
        var columns = new List<MarkdownColumn> { "system", "GPUs", "op", "algorithm", "protocol" };
        columns.AddRange(sizes.Select(s => new MarkdownColumn("busbw @ " + CollectiveFindings.Size(s), SignificantDigits: 3)));
        columns.Add(new MarkdownColumn("chosen at the largest size", MarkdownAlignment.Left));
        var table = new MarkdownTable(columns);
        foreach (IGrouping<(string, int, string, string, string), CollectivePointRow> g in rows.GroupBy(r => (r.System, r.Gpus, r.Op, r.AlgorithmRequested, r.ProtocolRequested)))
        {
            var cells = new List<MarkdownCell> { g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Key.Item4, g.Key.Item5 };
            cells.AddRange(sizes.Select(s => g.FirstOrDefault(r => r.Bytes == s) is { } r ? (MarkdownCell)r.BusbwGbps : "—"));
            CollectivePointRow last = g.OrderBy(r => r.Bytes).Last();
            cells.Add($"{last.Algorithm}/{last.Protocol}");
            table.AddRow(cells);
        }

        return table;
    }
}
