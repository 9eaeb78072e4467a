using DeepScale.HostLab.Processes;

namespace DeepScale.HostLab.Tests;

/// <summary>
/// The test executable's entry point. A command line starting with a host-lab verb makes this process a worker
/// (the tests launch themselves as worker processes); anything else runs the tests.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args) =>
        HostLabEntry.TryRun(args, out int exitCode) ? Task.FromResult(exitCode) : MicrosoftTestingPlatformApplication.RunAsync(args);
}
