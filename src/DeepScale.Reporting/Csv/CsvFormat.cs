using CsvHelper;

namespace DeepScale.Reporting.Csv;

/// <summary>
/// The one CSV dialect of DeepScale: comma separator pinned on both sides (CsvHelper 34's reader would otherwise
/// guess it), LF line ends, lowercase booleans, invariant numbers (round-trip doubles), UTF-8 without a byte order
/// mark, and quotes around any field with a separator, quote, line break or edge whitespace.
/// </summary>
public static class CsvFormat
{
    public static CsvWriterOptions Writer { get; } = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\n",
        TrueValue = "true",
        FalseValue = "false",
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        WriteByteOrderMark = false,
    };

    public static CsvReaderOptions Reader { get; } = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
    };
}
