using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;
using DeepScale.HostLab.Processes;
using DeepScale.HostLab.Tests.Training;

namespace DeepScale.HostLab.Tests.Processes;

[TestClass]
public sealed class RingPeerTests
{
    private static readonly Duration s_timeout = Duration.FromSeconds(20);

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    public void Sum_WithPeerProcesses_SumsAcrossProcesses(int ranks)
    {
        using var directory = new TemporaryDirectory();
        const int Elements = 50_001;
        float[] data = Enumerable.Range(0, Elements).Select(i => (float)(i % 97)).ToArray();
        float[] original = (float[])data.Clone();

        using (WorkerProcessGroup peers = RingPeer.Start(TestWorkers.RingPeer, directory.Path, ranks, Elements, s_timeout))
        {
            using (LoopbackRing ring = LoopbackRing.Connect(directory.Path, 0, ranks, s_timeout))
            {
                // The peers start from zeros, so the first sum returns this rank's data; after it every rank holds
                // that sum, so the second returns ranks times it.
                RingAllReduce.Sum(ring, data);
                CollectionAssert.AreEqual(original, data, "first all-reduce");
                RingAllReduce.Sum(ring, data);
                CollectionAssert.AreEqual(original.Select(v => v * ranks).ToArray(), data, "second all-reduce");
            }

            peers.WaitForExit(s_timeout);
        }
    }

    [TestMethod]
    public void Run_BadArguments_ExitsWithCodeTwoAndSaysWhy()
    {
        using WorkerProcessGroup group = WorkerProcessGroup.Start(TestWorkers.RingPeer, 1, _ => ["--dir"], "peer");

        var e = Assert.ThrowsExactly<WorkerFailureException>(() => group.WaitForExit(s_timeout));

        Assert.Contains("peer 0", e.Message);
        Assert.Contains("exited with code 2", e.Message);
        Assert.Contains("expected '--name value' pairs", e.Message);
    }
}
