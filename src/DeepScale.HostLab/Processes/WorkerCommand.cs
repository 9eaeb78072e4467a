using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace DeepScale.HostLab.Processes;

/// <summary>
/// How to start a worker process: an executable and the arguments placed before the worker's own (for example
/// <c>deepscale train-worker</c>, or <c>dotnet exec app.dll train-worker</c>). The launcher appends the
/// per-worker arguments (work directory, rank).
/// </summary>
public sealed record WorkerCommand(string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>Runs <paramref name="verb"/> through the entry assembly of this process (it must route the verb
    /// to <see cref="HostLabEntry.TryRun"/>).</summary>
    public static WorkerCommand ForEntryAssembly(string verb)
    {
        Assembly entry = Assembly.GetEntryAssembly()
            ?? throw new InvalidOperationException("worker_command: this process has no entry assembly; pass an explicit command");
        return ForAssembly(entry, verb);
    }

    /// <summary>
    /// Runs <paramref name="verb"/> through the <c>Main</c> of <paramref name="assembly"/>. When that assembly is
    /// this process's entry and runs from its own launcher, the launcher is reused; otherwise the worker runs as
    /// <c>dotnet exec</c> of the assembly with this process's runtime configuration and dependency manifest, so
    /// it also works from inside a host that merely loaded the assembly (a test runner, a benchmark runner).
    /// </summary>
    public static WorkerCommand ForAssembly(Assembly assembly, string verb)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(verb);
        string location = assembly.Location;
        if (string.IsNullOrEmpty(location))
        {
            throw new InvalidOperationException(
                $"worker_command: assembly {assembly.GetName().Name} is not loaded from a file (single-file publish?); pass an explicit command");
        }

        string? processPath = Environment.ProcessPath;
        bool hostIsDotnet = processPath is not null && IsDotnetHost(processPath);
        Assembly? entry = Assembly.GetEntryAssembly();
        if (entry == assembly && processPath is not null && !hostIsDotnet)
        {
            return new WorkerCommand(processPath, [verb]);
        }

        var arguments = new List<string> { "exec" };
        if (entry is not null && entry != assembly)
        {
            string stem = Path.Combine(AppContext.BaseDirectory, entry.GetName().Name ?? "");
            if (File.Exists(stem + ".runtimeconfig.json"))
            {
                arguments.Add("--runtimeconfig");
                arguments.Add(stem + ".runtimeconfig.json");
            }

            if (File.Exists(stem + ".deps.json"))
            {
                arguments.Add("--depsfile");
                arguments.Add(stem + ".deps.json");
            }
        }

        arguments.Add(location);
        arguments.Add(verb);
        return new WorkerCommand(hostIsDotnet ? processPath! : DotnetHost(), arguments);
    }

    /// <summary>The command line, each argument quoted when it holds a space (for messages).</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Quote(Executable));
        foreach (string argument in Arguments)
        {
            text.Append(' ').Append(Quote(argument));
        }

        return text.ToString();
    }

    private static string Quote(string s) => s.Contains(' ', StringComparison.Ordinal) ? "\"" + s + "\"" : s;

    private static bool IsDotnetHost(string path) =>
        string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>dotnet</c> muxer: DOTNET_HOST_PATH when set, else the one three levels above the runtime
    /// directory (<c>{root}/shared/Microsoft.NETCore.App/{version}/</c>), else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetHost()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string? fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string candidate = Path.Combine(root, name);
        return File.Exists(candidate) ? candidate : name;
    }
}
