using DeepScale.HostLab.Processes;

namespace DeepScale.HostLab.Tests.Processes;

[TestClass]
public sealed class CoreAffinityTests
{
    [TestMethod]
    public void PinProcess_OneCore_EveryThreadThenRunsThereUntilRestored()
    {
        if (!CoreAffinity.IsSupported)
        {
            Assert.Inconclusive("pinning needs Linux");
        }

        IReadOnlyList<int> allowed = CoreAffinity.Allowed();
        Assert.IsNotEmpty(allowed);
        try
        {
            CoreAffinity.PinProcess([allowed[0]]);
            CollectionAssert.AreEqual(new[] { allowed[0] }, CoreAffinity.Allowed().ToArray());
            int onOtherThread = -1;
            var thread = new Thread(() => onOtherThread = CoreAffinity.Allowed().Count);
            thread.Start();
            thread.Join();
            Assert.AreEqual(1, onOtherThread, "a thread started while pinned inherits the mask");
        }
        finally
        {
            CoreAffinity.PinProcess(allowed);
        }

        CollectionAssert.AreEqual(allowed.ToArray(), CoreAffinity.Allowed().ToArray());
    }

    [TestMethod]
    public void PinProcess_NoCpuOrOutOfRange_ThrowsNamingTheField()
    {
        var empty = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CoreAffinity.PinProcess([]));
        Assert.Contains("affinity.cpus", empty.Message);
        var negative = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CoreAffinity.PinProcess([-1]));
        Assert.Contains("affinity.cpus", negative.Message);
    }
}
