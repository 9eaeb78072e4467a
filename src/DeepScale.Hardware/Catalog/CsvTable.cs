using System.Collections.Immutable;
using System.Text;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// A comma-separated table read under RFC 4180: fields may be quoted, a quoted field may hold commas, line breaks
/// and doubled quotes (<c>""</c> for one quote). The first record is the header. Immutable once read.
/// </summary>
/// <param name="File">The file name the text came from, used in every message and in <see cref="CsvRow"/> origins.</param>
/// <param name="Columns">Header names in file order.</param>
/// <param name="Rows">Data records in file order.</param>
public sealed record CsvTable(string File, ImmutableArray<string> Columns, ImmutableArray<CsvRow> Rows)
{
    /// <summary>Reads <paramref name="text"/> as RFC 4180 CSV; throws <see cref="FormatException"/> naming the file and line.</summary>
    public static CsvTable Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<(List<string> Fields, int Line)> records = ReadRecords(text, file);
        if (records.Count == 0)
        {
            throw new FormatException($"{file}: the file is empty (a header row is required)");
        }

        ImmutableArray<string> columns = [.. records[0].Fields.Select(f => f.Trim())];
        Dictionary<string, int> index = new(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            if (!index.TryAdd(columns[i], i))
            {
                throw new FormatException($"{file}: column '{columns[i]}' appears twice in the header");
            }
        }

        ImmutableArray<CsvRow>.Builder rows = ImmutableArray.CreateBuilder<CsvRow>(records.Count - 1);
        for (int r = 1; r < records.Count; r++)
        {
            (List<string> fields, int line) = records[r];
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != columns.Length)
            {
                throw new FormatException(
                    $"{file} line {line}: {fields.Count} fields where the header has {columns.Length}");
            }

            rows.Add(new CsvRow(file, r, line, index, [.. fields]));
        }

        return new CsvTable(file, columns, rows.ToImmutable());
    }

    private static List<(List<string> Fields, int Line)> ReadRecords(string text, string file)
    {
        List<(List<string>, int)> records = [];
        List<string> fields = [];
        StringBuilder field = new();
        bool inQuotes = false;
        bool fieldWasQuoted = false;
        int line = 1;
        int recordLine = 1;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                    i++;
                    continue;
                }

                if (c == '\n')
                {
                    line++;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    i++;
                    break;
                case '"':
                    throw new FormatException($"{file} line {line}: a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\r':
                case '\n':
                    fields.Add(field.ToString());
                    records.Add((fields, recordLine));
                    fields = [];
                    field.Clear();
                    fieldWasQuoted = false;
                    line++;
                    recordLine = line;
                    i++;
                    break;
                default:
                    if (fieldWasQuoted)
                    {
                        throw new FormatException($"{file} line {line}: text after a closing quote");
                    }

                    field.Append(c);
                    i++;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException($"{file} line {recordLine}: a quoted field is not closed");
        }

        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            records.Add((fields, recordLine));
        }

        return records;
    }
}
