using System.Diagnostics;

namespace DeepScale.Experiments.Tests.EndToEnd;

/// <summary>One run of the <c>deepscale</c> CLI as a separate process: exit code, stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Runs the built CLI with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; marks the
    /// test inconclusive when the CLI is not built or has no <c>sweep</c> command yet.</summary>
    public static CliRun Start(string workingDirectory, params string[] arguments)
    {
        string? cli = Repository.Cli;
        if (cli is null)
        {
            Assert.Inconclusive("the deepscale CLI is not built; run 'dotnet build src/DeepScale.Cli' first");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(cli);
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deepscale {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        var run = new CliRun(process.ExitCode, output.Result, error.Result);
        if (run.ExitCode == 2 && run.StandardError.Contains("unknown command", StringComparison.Ordinal))
        {
            Assert.Inconclusive($"this build of the CLI has no '{arguments[0]}' command yet: {run.StandardError.Trim()}");
        }

        return run;
    }
}
