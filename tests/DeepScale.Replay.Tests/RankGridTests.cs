using DeepScale.Parallelism.Layout;

namespace DeepScale.Replay.Tests;

/// <summary>The rank grid with context parallelism: context ranks next to the tensor ranks, groups as Megatron-Core forms them.</summary>
[TestClass]
public sealed class RankGridTests
{
    [TestMethod]
    [DataRow(RankPlacement.TensorPipelineData)]
    [DataRow(RankPlacement.TensorDataPipeline)]
    public void CoordinatesOf_InvertsRankOf_ForEveryRank(RankPlacement placement)
    {
        var grid = new RankGrid(2, 3, 4, placement, context: 2);
        Assert.AreEqual(48, grid.Size);
        for (int r = 0; r < grid.Size; r++)
        {
            Assert.AreEqual(r, grid.RankOf(grid.CoordinatesOf(r)));
        }
    }

    [TestMethod]
    [DataRow(RankPlacement.TensorPipelineData)]
    [DataRow(RankPlacement.TensorDataPipeline)]
    public void ContextRanks_SitNextToTheTensorRanks(RankPlacement placement)
    {
        var grid = new RankGrid(2, 2, 2, placement, context: 4);
        // Tensor 2 × context 4 = the 8 consecutive ranks of one node, whatever the order of pipeline and data.
        CollectionAssert.AreEqual(new[] { 0, 2, 4, 6 }, grid.ContextGroup(new RankCoordinates(0, 0, 0)));
        CollectionAssert.AreEqual(new[] { 1, 3, 5, 7 }, grid.ContextGroup(new RankCoordinates(0, 0, 1)));
        CollectionAssert.AreEqual(new[] { 4, 5 }, grid.TensorGroup(new RankCoordinates(0, 0, 0, 2)));
    }

    [TestMethod]
    public void DataGroup_HoldsTheReplicasAndTheirContextRanks()
    {
        var grid = new RankGrid(2, 1, 3, RankPlacement.TensorPipelineData, context: 2);
        int[] group = grid.DataGroup(new RankCoordinates(1, 0, 1, 1));
        CollectionAssert.AreEqual(new[] { 1, 3, 5, 7, 9, 11 }, group);
        Assert.IsTrue(group.All(r => grid.CoordinatesOf(r).Tensor == 1));
    }

    [TestMethod]
    public void WithoutContext_TheGridIsTheThreeDimensionalOne()
    {
        var three = new RankGrid(4, 2, 2, RankPlacement.TensorDataPipeline);
        Assert.AreEqual(1, three.Context);
        Assert.AreEqual(12, three.RankOf(new RankCoordinates(1, 1, 0)), "t + T·(d + D·p) = 0 + 4·(1 + 2·1)");
        CollectionAssert.AreEqual(new[] { 0, 4 }, three.DataGroup(new RankCoordinates(0, 0, 0)));
        CollectionAssert.AreEqual(new[] { 0 }, three.ContextGroup(new RankCoordinates(0, 0, 0)));
    }
}
