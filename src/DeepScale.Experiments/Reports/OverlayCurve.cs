using System.Collections.Immutable;
using System.Globalization;

using CsvHelper;

using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>A measured curve of a collective overlay: (message size in bytes, bus bandwidth in GB/s) by size.</summary>
/// <param name="Overlay">The overlay definition.</param>
/// <param name="Points">The matching rows, sorted by size.</param>
public sealed record OverlayCurve(CollectiveOverlay Overlay, ImmutableArray<(double Bytes, double BusbwGbps)> Points)
{
    /// <summary>Reads the rows of <paramref name="overlay"/>'s file (relative to <paramref name="folder"/>) that meet its conditions.</summary>
    /// <exception cref="InvalidDataException">The file lacks a named column.</exception>
    public static OverlayCurve Read(CollectiveOverlay overlay, string folder)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        string path = Path.Combine(folder, overlay.File);
        using CsvReader reader = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = true });
        reader.ReadHeader();
        List<string> header = [.. reader.Headers];
        int Column(string name) => header.IndexOf(name) is int i and >= 0
            ? i
            : throw new InvalidDataException($"{overlay.File}: no column '{name}' (columns: {string.Join(", ", header)})");

        int bytes = Column(overlay.BytesColumn);
        int busbw = Column(overlay.BusbwColumn);
        (int Index, string Value)[] conditions = [.. overlay.Where.Select(c => (Column(c.Column), c.Value))];
        var points = new List<(double, double)>();
        while (reader.Read())
        {
            if (conditions.All(c => reader.GetString(c.Index).Trim() == c.Value)
                && double.TryParse(reader.GetString(bytes), NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
                && double.TryParse(reader.GetString(busbw), NumberStyles.Float, CultureInfo.InvariantCulture, out double bw)
                && b > 0 && bw > 0)
            {
                points.Add((b, bw));
            }
        }

        return new OverlayCurve(overlay, [.. points.OrderBy(p => p.Item1)]);
    }
}
