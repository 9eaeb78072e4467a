using System.Reflection;

using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The published measurements the validation suites compare against: CSV files that name each value's source (copies
/// of shared/refdata, and the Megatron-LM 2022 abstract's figures), read as RFC 4180 tables. <see cref="Default"/> reads the copies embedded in this assembly and, when a file is not
/// embedded, the source folder <c>src/DeepScale.Experiments/Validation/Data</c> of the checkout the program runs
/// from; <see cref="FromDirectory"/> reads any folder. A missing or unreadable file throws
/// <see cref="ReferenceDataException"/> naming it.
/// </summary>
public sealed class ReferenceData
{
    /// <summary>Prefix of the embedded resource names (<c>…Validation.Data.&lt;file&gt;</c>).</summary>
    public const string ResourcePrefix = "DeepScale.Experiments.Validation.Data.";

    /// <summary>Folder of the copies, relative to the repository root.</summary>
    public static readonly string SourceFolder = Path.Combine("src", "DeepScale.Experiments", "Validation", "Data");

    private static readonly Lazy<ReferenceData> s_default = new(() => new ReferenceData(null));

    private readonly string? _directory;
    private readonly Dictionary<string, CsvTable> _tables = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private ReferenceData(string? directory)
    {
        _directory = directory;
    }

    /// <summary>The embedded copies (falling back to the checkout's source folder).</summary>
    public static ReferenceData Default => s_default.Value;

    /// <summary>Reference files read from <paramref name="directory"/>.</summary>
    public static ReferenceData FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new ReferenceData(directory);
    }

    /// <summary>
    /// The data folder of the checkout that contains <paramref name="start"/> (or one of its parents), or null.
    /// </summary>
    public static string? FindSourceFolder(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, SourceFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The table in <paramref name="fileName"/> (e.g. <c>megatron_sc21_table1.csv</c>), parsed once.</summary>
    public CsvTable Table(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        lock (_lock)
        {
            if (!_tables.TryGetValue(fileName, out CsvTable? table))
            {
                string text = ReadText(fileName);
                try
                {
                    table = CsvTable.Parse(text, fileName);
                }
                catch (FormatException ex)
                {
                    throw new ReferenceDataException(fileName, ex.Message, ex);
                }

                _tables[fileName] = table;
            }

            return table;
        }
    }

    private string ReadText(string fileName)
    {
        if (_directory is not null)
        {
            return ReadFile(Path.Combine(_directory, fileName), fileName);
        }

        using (Stream? stream = typeof(ReferenceData).Assembly.GetManifestResourceStream(ResourcePrefix + fileName))
        {
            if (stream is not null)
            {
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (FindSourceFolder(start) is { } folder && File.Exists(Path.Combine(folder, fileName)))
            {
                return ReadFile(Path.Combine(folder, fileName), fileName);
            }
        }

        throw new ReferenceDataException(fileName,
            $"not embedded in {Assembly.GetExecutingAssembly().GetName().Name} and no {SourceFolder} folder above the current directory");
    }

    private static string ReadFile(string path, string fileName)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReferenceDataException(fileName, $"cannot be read from {path}: {ex.Message}", ex);
        }
    }
}
