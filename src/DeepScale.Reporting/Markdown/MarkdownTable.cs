using System.Globalization;
using System.Text;

using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Markdown;

/// <summary>
/// A GitHub-flavoured markdown table built row by row and printed with aligned pipes (every cell padded to its
/// column's width) so it also reads as plain text. Numbers print in the invariant culture with the column's
/// significant digits; a NaN or infinity is refused with the column and row named. Pipes in text are escaped and
/// line breaks become spaces.
/// </summary>
public sealed class MarkdownTable
{
    private readonly List<MarkdownCell[]> _rows = [];

    public MarkdownTable(params IReadOnlyList<MarkdownColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A markdown table needs at least one column.", nameof(columns));
        }

        Columns = [.. columns];
    }

    public IReadOnlyList<MarkdownColumn> Columns { get; }

    public int RowCount => _rows.Count;

    /// <summary>Appends a row with one cell per column; returns the table for chaining.</summary>
    public MarkdownTable AddRow(params IReadOnlyList<MarkdownCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != Columns.Count)
        {
            throw new ArgumentException($"Row {_rows.Count + 1} has {cells.Count} cells but the table has {Columns.Count} columns.", nameof(cells));
        }

        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i].Number is double value && !double.IsFinite(value))
            {
                throw new NonFiniteValueException(Columns[i].Header, $"markdown row {_rows.Count + 1}", value);
            }
        }

        _rows.Add([.. cells]);
        return this;
    }

    /// <summary>The table as markdown lines ending in "\n".</summary>
    public string ToMarkdown()
    {
        int columns = Columns.Count;
        string[][] text = [.. _rows.Select(row => row.Select((cell, i) => Render(cell, Columns[i])).ToArray())];
        string[] headers = [.. Columns.Select(c => Escape(c.Header))];
        var alignment = new MarkdownAlignment[columns];
        var width = new int[columns];
        for (int i = 0; i < columns; i++)
        {
            alignment[i] = Columns[i].Alignment != MarkdownAlignment.Auto
                ? Columns[i].Alignment
                : _rows.Count > 0 && _rows.All(r => r[i].IsNumeric) ? MarkdownAlignment.Right : MarkdownAlignment.Left;
            width[i] = Math.Max(3, Math.Max(headers[i].Length, text.Length == 0 ? 0 : text.Max(r => r[i].Length)));
        }

        var markdown = new StringBuilder();
        AppendLine(markdown, headers, width, alignment);
        AppendLine(markdown, [.. Enumerable.Range(0, columns).Select(i => Rule(alignment[i], width[i]))], width, [.. Enumerable.Repeat(MarkdownAlignment.Left, columns)]);
        foreach (string[] row in text)
        {
            AppendLine(markdown, row, width, alignment);
        }

        return markdown.ToString();
    }

    public override string ToString() => ToMarkdown();

    private static void AppendLine(StringBuilder markdown, IReadOnlyList<string> cells, int[] width, MarkdownAlignment[] alignment)
    {
        markdown.Append('|');
        for (int i = 0; i < cells.Count; i++)
        {
            markdown.Append(' ').Append(Pad(cells[i], width[i], alignment[i])).Append(" |");
        }

        markdown.Append('\n');
    }

    private static string Pad(string cell, int width, MarkdownAlignment alignment) => alignment switch
    {
        MarkdownAlignment.Right => cell.PadLeft(width),
        MarkdownAlignment.Center => cell.PadLeft(cell.Length + ((width - cell.Length) / 2)).PadRight(width),
        _ => cell.PadRight(width),
    };

    private static string Rule(MarkdownAlignment alignment, int width) => alignment switch
    {
        MarkdownAlignment.Right => new string('-', width - 1) + ":",
        MarkdownAlignment.Center => ":" + new string('-', width - 2) + ":",
        _ => ":" + new string('-', width - 1),
    };

    private static string Render(MarkdownCell cell, MarkdownColumn column)
    {
        if (cell.Integer is long integer)
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (cell.Number is double number)
        {
            return InvariantNumber.Format(number, column.SignificantDigits);
        }

        return Escape(cell.Text ?? "");
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');
}
