using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class MemoizedCommunicationCostTests
{
    [TestMethod]
    public void Collective_AskedTwice_AsksTheModelOnceAndAnswersTheSame()
    {
        var inner = new CountingCost();
        var memo = new MemoizedCommunicationCost(inner);

        Duration first = memo.Collective(CollectiveOp.AllReduce, GroupRole.Tensor, 3, Bytes.FromMiB(24));
        Duration second = memo.Collective(CollectiveOp.AllReduce, GroupRole.Tensor, 3, Bytes.FromMiB(24));
        Duration other = memo.Collective(CollectiveOp.AllReduce, GroupRole.Tensor, 4, Bytes.FromMiB(24));

        Assert.AreEqual(first, second);
        Assert.AreNotEqual(first, other);
        Assert.AreEqual(2, inner.Collectives);
    }

    [TestMethod]
    public void PointToPoint_AskedTwice_AsksTheModelOnceAndAnswersTheSame()
    {
        var inner = new CountingCost();
        var memo = new MemoizedCommunicationCost(inner);

        Duration first = memo.PointToPoint(0, 1, Bytes.FromMiB(48));
        Duration second = memo.PointToPoint(0, 1, Bytes.FromMiB(48));

        Assert.AreEqual(first, second);
        Assert.AreEqual(inner.PointToPoint(0, 1, Bytes.FromMiB(48)), first);
        Assert.AreEqual(2, inner.Transfers);
    }

    /// <summary>A cost that depends on every argument and counts the questions.</summary>
    private sealed class CountingCost : ICommunicationCost
    {
        public int Collectives { get; private set; }

        public int Transfers { get; private set; }

        public Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size)
        {
            Collectives++;
            return Duration.FromMicroseconds(((int)op * 1000) + ((int)role * 100) + stage + (size.Count / 1e6));
        }

        public Duration PointToPoint(int fromStage, int toStage, Bytes size)
        {
            Transfers++;
            return Duration.FromMicroseconds((fromStage * 10) + toStage + (size.Count / 1e6));
        }
    }
}
