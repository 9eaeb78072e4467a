namespace DeepScale.Cli.Tests.Invocation;

/// <summary>What one run of the command line left behind: its exit code and everything it wrote to stdout and stderr.</summary>
internal sealed record CliOutcome(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The non-empty lines of stderr.</summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. StandardError.ReplaceLineEndings("\n").Split('\n').Where(l => l.Length > 0)];

    /// <summary>A description for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stderr ---\n{StandardError}\n--- stdout ---\n{StandardOutput}";
}
