using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

[TestClass]
public sealed class FlowPatternTests
{
    private static readonly TopologyGraph Graph = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2)).Graph;

    [TestMethod]
    public void Combine_Add_SumsStreamsPerLinkInLinkOrder()
    {
        var a = new FlowPattern([1, 4, 9], [1, 2, 1], Graph);
        var b = new FlowPattern([2, 4, 12], [3, 1, 1], Graph);

        FlowPattern sum = FlowPattern.Combine(a, b, 1, Graph);

        CollectionAssert.AreEqual(new[] { 1, 2, 4, 9, 12 }, sum.Links);
        CollectionAssert.AreEqual(new[] { 1, 3, 3, 1, 1 }, sum.Streams);
    }

    [TestMethod]
    public void Combine_SubtractWhatWasAdded_GivesBackTheFirstPatternWithItsRate()
    {
        var a = new FlowPattern([1, 4, 9], [1, 2, 1], Graph);
        var b = new FlowPattern([2, 4, 12], [3, 1, 1], Graph);

        FlowPattern back = FlowPattern.Combine(FlowPattern.Combine(a, b, 1, Graph), b, -1, Graph);

        CollectionAssert.AreEqual(a.Links, back.Links, "links left with no stream are dropped");
        CollectionAssert.AreEqual(a.Streams, back.Streams);
        Assert.AreEqual(a.Rate, back.Rate);
        double expected = new[] { 1, 4, 9 }.Zip(new[] { 1, 2, 1 }, (l, s) => Graph.Capacities[l] / s).Min();
        Assert.AreEqual(expected, back.Rate);
    }

    [TestMethod]
    public void Combine_RemovingMoreStreamsThanAdded_Throws()
    {
        var a = new FlowPattern([4], [1], Graph);
        var b = new FlowPattern([4], [2], Graph);

        Assert.ThrowsExactly<InvalidOperationException>(() => FlowPattern.Combine(a, b, -1, Graph));
    }
}
