using System.Text;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The CSV of a suite: its input columns, then <c>predicted,published,error_pct</c>, one line per compared row in
/// reference-file order (RFC 4180 quoting, "\n" line ends, invariant numbers: byte-identical for identical results).
/// </summary>
public static class SuiteCsv
{
    /// <summary>The trailing columns every suite CSV ends with.</summary>
    public static readonly string[] ResultColumns = ["predicted", "published", "error_pct"];

    /// <summary>File name of a suite's CSV.</summary>
    public static string FileName(string suite) => suite + ".csv";

    /// <summary>File name of a suite's chart.</summary>
    public static string ChartFileName(string suite) => suite + ".png";

    /// <summary>The CSV text of <paramref name="suite"/>.</summary>
    public static string ToText(SuiteResult suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var sb = new StringBuilder();
        AppendLine(sb, [.. suite.InputColumns, .. ResultColumns]);
        foreach (ValidationRow row in suite.Rows)
        {
            if (row.Inputs.Length != suite.InputColumns.Length)
            {
                throw new InvalidOperationException(
                    $"{suite.Name}: row '{row.Label}' has {row.Inputs.Length} inputs for {suite.InputColumns.Length} input columns");
            }

            AppendLine(sb, [.. row.Inputs, ValidationText.Number(row.Predicted), ValidationText.Number(row.Published), ValidationText.Percent(row.ErrorPercent)]);
        }

        return sb.ToString();
    }

    private static void AppendLine(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            string f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                sb.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(f);
            }
        }

        sb.Append('\n');
    }
}
