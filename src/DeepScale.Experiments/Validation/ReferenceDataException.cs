namespace DeepScale.Experiments.Validation;

/// <summary>A reference-data file that is missing, unreadable or malformed; the message names the file.</summary>
public sealed class ReferenceDataException : Exception
{
    public ReferenceDataException(string fileName, string problem, Exception? inner = null)
        : base($"reference data {fileName}: {problem}", inner)
    {
        FileName = fileName;
    }

    /// <summary>The reference file concerned.</summary>
    public string FileName { get; }
}
