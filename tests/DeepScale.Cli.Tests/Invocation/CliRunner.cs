using System.Diagnostics;
using System.Globalization;

namespace DeepScale.Cli.Tests.Invocation;

/// <summary>
/// Runs the <c>deepscale</c> command line either in this process (<see cref="Dispatcher.Run"/> with the console
/// redirected and the working directory changed: fast, but process-global, so callers must not run in parallel with
/// each other) or as the built <c>deepscale.dll</c> under <c>dotnet</c>, exactly as a user does.
/// </summary>
internal static class CliRunner
{
    private static readonly Lock s_gate = new();

    /// <summary>The built CLI, copied next to the test assembly by the project reference.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "deepscale.dll");

    /// <summary>Runs <paramref name="args"/> through <see cref="Dispatcher.Run"/> in <paramref name="workingDirectory"/>.</summary>
    public static CliOutcome InProcess(string workingDirectory, params string[] args)
    {
        lock (s_gate)
        {
            TextWriter stdout = Console.Out, stderr = Console.Error;
            string cwd = Environment.CurrentDirectory;
            CultureInfo culture = CultureInfo.CurrentCulture;
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            using var error = new StringWriter(CultureInfo.InvariantCulture);
            try
            {
                Console.SetOut(output);
                Console.SetError(error);
                Environment.CurrentDirectory = workingDirectory;
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                int code;
                try
                {
                    code = Dispatcher.Run(args);
                }
                catch (Exception ex)
                {
                    // Only possible with DEEPSCALE_DEBUG set; reported so that the assertions fail with the cause.
                    error.WriteLine(ex.ToString());
                    code = -1;
                }

                return new CliOutcome(code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                Environment.CurrentDirectory = cwd;
                CultureInfo.CurrentCulture = culture;
            }
        }
    }

    /// <summary>Runs <c>dotnet deepscale.dll</c> with <paramref name="args"/> and waits for it (at most two minutes).</summary>
    public static CliOutcome RealProcess(string workingDirectory, params string[] args)
    {
        using Process process = Start(workingDirectory, args);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"deepscale {string.Join(' ', args)} did not finish in 2 minutes");
        }

        process.WaitForExit();
        return new CliOutcome(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts <c>dotnet deepscale.dll</c> with stdout and stderr redirected; the caller reads or drains them.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        Assert.IsTrue(File.Exists(Dll), $"{Dll} is missing; the project reference to DeepScale.Cli copies it");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("DEEPSCALE_DEBUG");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
