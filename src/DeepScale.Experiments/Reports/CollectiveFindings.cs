using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// The key findings of a collective sweep: per system, GPU count and operation, the bus bandwidth each algorithm
/// reaches at the largest size and the size where the library's own choice reaches half of it, which algorithm and
/// protocol that choice takes over the sizes, the error against measured curves, and scale-up against scale-out at
/// one size.
/// </summary>
public static class CollectiveFindings
{
    /// <summary>Sizes up to this are "small" when comparing with measurements (latency-bound).</summary>
    public static readonly double SmallBytes = Bytes.FromMiB(1).Count;

    /// <summary>Sizes from this up are "large" (bandwidth-bound).</summary>
    public static readonly double LargeBytes = Bytes.FromMiB(64).Count;

    public static ImmutableArray<string> Of(IReadOnlyList<CollectivePointRow> rows, IReadOnlyList<OverlayCurve> overlays)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(overlays);
        if (rows.Count == 0)
        {
            return ["No collective could be predicted."];
        }

        var findings = new List<string>();
        foreach (IGrouping<(string System, int Gpus, string Op), CollectivePointRow> facet in rows.GroupBy(r => (r.System, r.Gpus, r.Op)))
        {
            double largest = facet.Max(r => r.Bytes);
            var perAlgorithm = facet.GroupBy(r => r.AlgorithmRequested)
                .Select(g => $"{g.Key} {ReportFormat.Number(g.Where(r => r.Bytes == largest).Max(r => r.BusbwGbps))} GB/s")
                .ToList();
            string text = $"**{facet.Key.System}, {facet.Key.Gpus.ToString(CultureInfo.InvariantCulture)} GPUs, {facet.Key.Op}:** bus bandwidth at {Size(largest)}: {string.Join(", ", perAlgorithm)}.";
            CollectivePointRow[] auto = [.. facet.Where(r => r.AlgorithmRequested == CollectiveNames.Auto && r.ProtocolRequested == CollectiveNames.Auto).OrderBy(r => r.Bytes)];
            if (auto.Length > 0)
            {
                double peak = auto.Max(r => r.BusbwGbps);
                CollectivePointRow half = auto.First(r => r.BusbwGbps >= peak / 2);
                text += $" The library's choice reaches half its peak ({ReportFormat.Number(peak)} GB/s) at {Size(half.Bytes)}; it picks " + Choices(auto) + ".";
                foreach (OverlayCurve curve in overlays.Where(o => o.Overlay.System == facet.Key.System && o.Overlay.Gpus == facet.Key.Gpus && o.Overlay.Op == facet.Key.Op))
                {
                    text += " " + Against(curve, auto);
                }
            }

            findings.Add(text);
        }

        findings.AddRange(ScaleOut(rows));
        return [.. findings];
    }

    /// <summary>"ring/simple up to 256 KiB, then tree/ll128 …": the runs of one choice over increasing sizes.</summary>
    private static string Choices(CollectivePointRow[] auto)
    {
        var runs = new List<string>();
        int start = 0;
        for (int i = 1; i <= auto.Length; i++)
        {
            if (i == auto.Length || Choice(auto[i]) != Choice(auto[start]))
            {
                runs.Add($"{Choice(auto[start])} for {Size(auto[start].Bytes)}–{Size(auto[i - 1].Bytes)}");
                start = i;
            }
        }

        return string.Join(", ", runs);
    }

    private static string Choice(CollectivePointRow r) => r.Algorithm + "/" + r.Protocol;

    private static string Against(OverlayCurve curve, CollectivePointRow[] auto)
    {
        var errors = new List<(double Bytes, double Error)>();
        foreach ((double bytes, double measured) in curve.Points)
        {
            CollectivePointRow? match = auto.FirstOrDefault(r => Math.Abs(r.Bytes - bytes) <= 1e-9 * bytes);
            if (match is not null)
            {
                errors.Add((bytes, (match.BusbwGbps - measured) / measured));
            }
        }

        if (errors.Count == 0)
        {
            return $"No size of {curve.Overlay.Label} matches a predicted size.";
        }

        static string Band(IEnumerable<double> e, string what)
        {
            double[] values = [.. e];
            return values.Length == 0 ? "" : $" {what}: median error {Signed(Median(values))} over {values.Length.ToString(CultureInfo.InvariantCulture)} sizes;";
        }

        string small = Band(errors.Where(x => x.Bytes <= SmallBytes).Select(x => x.Error), $"up to {Size(SmallBytes)}");
        string large = Band(errors.Where(x => x.Bytes >= LargeBytes).Select(x => x.Error), $"from {Size(LargeBytes)}");
        double largest = curve.Points.Max(p => p.Bytes);
        (double _, double measuredPeak) = curve.Points.First(p => p.Bytes == largest);
        return $"Against {curve.Overlay.Label} (measured {ReportFormat.Number(measuredPeak)} GB/s at {Size(largest)}):{small}{large}".TrimEnd(';') + ".";
    }

    private static IEnumerable<string> ScaleOut(IReadOnlyList<CollectivePointRow> rows)
    {
        CollectivePointRow[] auto = [.. rows.Where(r => r.AlgorithmRequested == CollectiveNames.Auto && r.ProtocolRequested == CollectiveNames.Auto)];
        if (auto.Select(r => (r.System, r.Gpus)).Distinct().Count() < 2)
        {
            yield break;
        }

        double size = auto.Select(r => r.Bytes).Where(b => b <= Bytes.FromGiB(1).Count).DefaultIfEmpty(auto.Min(r => r.Bytes)).Max();
        foreach (IGrouping<string, CollectivePointRow> op in auto.Where(r => r.Bytes == size).GroupBy(r => r.Op))
        {
            string list = string.Join(", ", op.OrderBy(r => r.System, StringComparer.Ordinal).ThenBy(r => r.Gpus)
                .Select(r => $"{r.System} × {r.Gpus.ToString(CultureInfo.InvariantCulture)} GPUs {ReportFormat.Number(r.BusbwGbps)} GB/s ({Choice(r)})"));
            yield return $"**Topology at {Size(size)}** ({op.Key}, the library's choice): {list}. More GPUs than one node puts the scale-out NICs on the path.";
        }
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static string Signed(double fraction) => (fraction >= 0 ? "+" : "") + ReportFormat.Percent(fraction);

    /// <summary>A message size in binary units ("32 KiB", "1 GiB").</summary>
    public static string Size(double bytes) => new Bytes(bytes).ToString();
}
