using System.Collections.Immutable;
using System.Globalization;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// One data record of a catalog CSV, kept whole so every typed value can be traced back to the text it was read
/// from: the file, the 1-based data row and the line where the record starts.
/// </summary>
public sealed class CsvRow
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly ImmutableArray<string> _fields;

    internal CsvRow(string file, int row, int line, IReadOnlyDictionary<string, int> index, ImmutableArray<string> fields)
    {
        File = file;
        Row = row;
        Line = line;
        _index = index;
        _fields = fields;
    }

    /// <summary>Catalog file name, e.g. <c>accelerators.csv</c>.</summary>
    public string File { get; }

    /// <summary>1-based data row (the header is row 0).</summary>
    public int Row { get; }

    /// <summary>1-based line of the file where this record starts.</summary>
    public int Line { get; }

    /// <summary>The raw text of a column, trimmed; empty when the cell is empty.</summary>
    public string this[string column] => _index.TryGetValue(column, out int i)
        ? _fields[i].Trim()
        : throw new KeyNotFoundException($"{File}: no column '{column}'");

    /// <summary>"accelerators.csv row 6 (line 7)".</summary>
    public string Location => $"{File} row {Row} (line {Line})";

    /// <summary>True when the column's cell holds text.</summary>
    public bool Has(string column) => this[column].Length > 0;

    /// <summary>The cell as a number, or null when empty; throws naming the file, row and column when not a number.</summary>
    public double? Number(string column)
    {
        string text = this[column];
        if (text.Length == 0)
        {
            return null;
        }

        string cleaned = text.TrimEnd('%').Replace(",", "", StringComparison.Ordinal);
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new FormatException($"{Location}: column '{column}' = '{text}' is not a number");
    }

    /// <summary>The cell as an integer, or null when empty.</summary>
    public int? Integer(string column)
    {
        double? v = Number(column);
        return v is null ? null : (int)Math.Round(v.Value);
    }

    public override string ToString() => Location;
}
