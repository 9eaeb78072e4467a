using System.Diagnostics;

using DeepScale.Core.Units;
using DeepScale.HostLab.Processes;
using DeepScale.HostLab.Tests.Training;

namespace DeepScale.HostLab.Tests.Processes;

[TestClass]
public sealed class WorkerProcessGroupTests
{
    [TestMethod]
    public void WaitForExit_WorkerOutlivesDeadline_StopsItAndSaysSo()
    {
        using var directory = new TemporaryDirectory();
        // A lone rank 1 waits up to 30 s for a rank 0 that never comes.
        using WorkerProcessGroup group = WorkerProcessGroup.Start(TestWorkers.RingPeer, 1,
            _ => ["--dir", directory.Path, "--rank", "1", "--ranks", "2", "--elements", "10", "--timeout-s", "30"], "peer");
        var watch = Stopwatch.StartNew();

        var e = Assert.ThrowsExactly<WorkerFailureException>(() => group.WaitForExit(Duration.FromMilliseconds(500)));

        Assert.IsLessThan(10.0, watch.Elapsed.TotalSeconds);
        Assert.Contains("still running after the 500 ms deadline", e.Message);
    }

    [TestMethod]
    public void Start_MissingExecutable_ThrowsNamingTheCommand()
    {
        var command = new WorkerCommand("/nonexistent/deepscale-worker", ["train-worker"]);

        var e = Assert.ThrowsExactly<WorkerFailureException>(() => WorkerProcessGroup.Start(command, 2, _ => [], "train-worker"));

        Assert.Contains("could not start '/nonexistent/deepscale-worker train-worker'", e.Message);
    }

    [TestMethod]
    public void ForAssembly_TestAssembly_RunsThisExecutable()
    {
        WorkerCommand command = TestWorkers.RingPeer;

        Assert.AreEqual(RingPeer.Verb, command.Arguments[^1]);
        Assert.IsTrue(File.Exists(command.Executable) || command.Executable == "dotnet", command.ToString());
    }
}
