using System.Text.RegularExpressions;

using DeepScale.Cli.Tests.Invocation;

namespace DeepScale.Cli.Tests.Corpus;

/// <summary>
/// The contract of a refused command line: exit code 2 and exactly one line on stderr, starting "deepscale: ",
/// with no stack trace and no exception type name anywhere in the output.
/// </summary>
internal static partial class OneLineError
{
    /// <summary>Asserts the contract and returns the line (without the newline).</summary>
    public static string Of(CliOutcome outcome, string context)
    {
        string what = $"{context}: {outcome}";
        Assert.AreEqual(2, outcome.ExitCode, what);
        Assert.HasCount(1, outcome.ErrorLines, what);
        string line = outcome.ErrorLines[0];
        Assert.AreEqual(line + "\n", outcome.StandardError.ReplaceLineEndings("\n"), "one line, ended once: " + what);
        Assert.StartsWith("deepscale: ", line, what);
        Assert.DoesNotContain("internal error", line, what);
        foreach (string stream in new[] { outcome.StandardError, outcome.StandardOutput })
        {
            Assert.IsFalse(StackFrame().IsMatch(stream), "a stack trace: " + what);
            Assert.IsFalse(ExceptionName().IsMatch(stream), "an exception type name: " + what);
        }

        return line;
    }

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b[A-Z][A-Za-z]*Exception\b")]
    private static partial Regex ExceptionName();
}
