using CsvHelper;

using DeepScale.Reporting.Files;

namespace DeepScale.Reporting.Csv;

/// <summary>
/// Reads and writes rows of a <c>[CsvRecord] partial</c> record type (CsvHelper 34) in the <see cref="CsvFormat"/>
/// dialect. Files are replaced atomically. A NaN or infinity in a floating-point column is refused on write and on
/// read with a <see cref="Formatting.NonFiniteValueException"/> naming the column and row.
/// </summary>
public static class CsvTable
{
    /// <summary>The CSV text of <paramref name="rows"/>, header first.</summary>
    public static string ToText<T>(IEnumerable<T> rows)
    {
        var text = new StringWriter();
        using (CsvWriter writer = CsvWriter.Create(text, CsvFormat.Writer, leaveOpen: true))
        {
            writer.WriteRecords(Checked(rows));
        }

        return text.ToString();
    }

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Write<T>(string path, IEnumerable<T> rows)
    {
        T[] checkedRows = [.. Checked(rows)];
        AtomicFile.Write(path, stream =>
        {
            using CsvWriter writer = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
            writer.WriteRecords(checkedRows);
        });
    }

    /// <summary>Reads every row of <paramref name="path"/>.</summary>
    public static IReadOnlyList<T> Read<T>(string path)
    {
        using CsvReader reader = CsvReader.FromFile(path, CsvFormat.Reader);
        return [.. Checked(reader.GetRecords<T>())];
    }

    /// <summary>Reads every row of CSV <paramref name="text"/>.</summary>
    public static IReadOnlyList<T> Parse<T>(string text)
    {
        using CsvReader reader = CsvReader.FromText(text, CsvFormat.Reader);
        return [.. Checked(reader.GetRecords<T>())];
    }

    private static IEnumerable<T> Checked<T>(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int index = 0;
        foreach (T row in rows)
        {
            index++;
            FiniteColumns<T>.Check(row, $"row {index}");
            yield return row;
        }
    }
}
