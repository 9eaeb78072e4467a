using CsvHelper;

using DeepScale.Reporting.Files;

using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Csv;

/// <summary>
/// A sweep's points.csv: the sweep-axis columns first (so a reader sees where each point lies before its numbers),
/// then the <see cref="PointRow"/> columns. Written through a temporary file and a rename, so an interrupted sweep
/// never leaves a half-written file; read back to resume. NaN and infinities are refused both ways.
/// </summary>
public static class PointsCsv
{
    /// <summary>The <see cref="PointRow"/> header names, in file order.</summary>
    public static IReadOnlyList<string> ResultColumns { get; } = ReadResultColumns();

    /// <summary>The CSV text of <paramref name="table"/>.</summary>
    public static string ToText(PointsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringWriter();
        using (CsvWriter writer = CsvWriter.Create(text, CsvFormat.Writer, leaveOpen: true))
        {
            Write(writer, table);
        }

        return text.ToString();
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="table"/>, atomically: on any failure (a NaN
    /// in a row, a full disk) the previous file stays as it was.</summary>
    public static void Write(string path, PointsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        AtomicFile.Write(path, stream =>
        {
            using CsvWriter writer = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
            Write(writer, table);
        });
    }

    /// <summary>Reads a points.csv written earlier.</summary>
    /// <exception cref="InvalidDataException">The file has no header, its result columns are not those of this
    /// version of <see cref="PointRow"/>, or a value is NaN or infinite.</exception>
    public static PointsTable Read(string path)
    {
        using CsvReader reader = CsvReader.FromFile(path, CsvFormat.Reader);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads points.csv content from text.</summary>
    public static PointsTable Parse(string text)
    {
        using CsvReader reader = CsvReader.FromText(text, CsvFormat.Reader);
        return Read(reader, "points.csv");
    }

    private static void Write(CsvWriter writer, PointsTable table)
    {
        CheckFinite(table);
        CsvRecordWriter<PointRow> rows = CsvRecordWriter.Create<PointRow>();
        foreach (string name in table.AxisNames)
        {
            writer.WriteField(name);
        }

        rows.WriteHeader(writer);
        writer.EndRecord();
        foreach (PointRecord point in table.Points)
        {
            foreach (AxisValue axis in point.Axes)
            {
                writer.WriteField(axis.Value);
            }

            rows.Write(writer, point.Row);
            writer.EndRecord();
        }
    }

    private static void CheckFinite(PointsTable table)
    {
        for (int i = 0; i < table.Points.Count; i++)
        {
            FiniteColumns<PointRow>.Check(table.Points[i].Row, Describe(i + 1, table.Points[i].Row.Name));
        }
    }

    private static PointsTable Read(CsvReader reader, string file)
    {
        reader.ReadHeader();
        IReadOnlyList<string> header = reader.Headers;
        if (header.Count == 0)
        {
            throw new InvalidDataException($"{file}: no header line; the file is empty.");
        }

        int axisCount = header.Count - ResultColumns.Count;
        for (int i = 0; i < ResultColumns.Count; i++)
        {
            string? found = axisCount + i >= 0 && axisCount + i < header.Count ? header[axisCount + i] : null;
            if (axisCount < 0 || found != ResultColumns[i])
            {
                throw new InvalidDataException(
                    $"{file}: the header does not end with the result columns of this version (expected '{ResultColumns[i]}' as result column {i + 1}, found '{found ?? "nothing"}'); it was written by another version or is not a points file.");
            }
        }

        string[] axisNames = [.. header.Take(axisCount)];
        CsvRecordMapper<PointRow> mapper = CsvRecordMapper.Create<PointRow>(reader);
        var points = new List<PointRecord>();
        while (reader.Read())
        {
            if (reader.FieldCount != header.Count)
            {
                throw new InvalidDataException($"{file}: row {points.Count + 1} has {reader.FieldCount} fields but the header has {header.Count}.");
            }

            AxisValue[] axes = [.. axisNames.Select((name, i) => new AxisValue(name, reader.GetString(i)))];
            PointRow row = reader.GetRecord(mapper);
            try
            {
                FiniteColumns<PointRow>.Check(row, $"{file}: " + Describe(points.Count + 1, row.Name));
            }
            catch (NonFiniteValueException ex)
            {
                throw new InvalidDataException(ex.Message, ex);
            }

            points.Add(new PointRecord(axes, row));
        }

        return new PointsTable(axisNames, points);
    }

    private static string Describe(int index, string name) => $"row {index} (name={name})";

    private static string[] ReadResultColumns()
    {
        var text = new StringWriter();
        using (CsvWriter writer = CsvWriter.Create(text, CsvFormat.Writer, leaveOpen: true))
        {
            CsvRecordWriter.Create<PointRow>().WriteHeader(writer);
            writer.EndRecord();
        }

        return text.ToString().TrimEnd('\n').Split(',');
    }
}
