using DeepScale.Core.Units;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class ClusterCommunicationCostTests
{
    /// <summary>
    /// The first and the last stage's data-parallel all-gathers started together (t4 p8 d32 on 128 DGX A100 nodes):
    /// the estimate with the other alongside agrees with a flow replay of every mirror copy of both, and exceeds the
    /// time alone where the two groups share links.
    /// </summary>
    [TestMethod]
    public void CollectiveAlongside_FirstAndLastStage_MatchesConcurrentReplay()
    {
        Scenario scenario = ScenarioLoader.Resolve(PlanningSpecs.OnDgx("gpt3-175b", 128, 1024));
        Cluster cluster = ClusterFactory.Build(scenario);
        var grid = new RankGrid(4, 8, 32, scenario.Layout.Placement);
        var model = new CollectiveModel(cluster);
        var cost = new ClusterCommunicationCost(model, grid, cluster.Accelerators);
        Bytes size = Bytes.FromGiB(1);

        CollectiveRequest[] Copies(int stage) => [.. Enumerable.Range(0, grid.Tensor).Select(t =>
            new CollectiveRequest(CollectiveOp.AllGather, [.. grid.DataGroup(new RankCoordinates(0, stage, t)).Select(r => cluster.Accelerators[r])], size))];
        var replayed = CollectiveReplay.RunConcurrently(cluster, [.. Copies(0), .. Copies(7)], model: model);
        double together = replayed.Take(grid.Tensor).Max(r => (r.End - r.Start).Seconds);
        double alone = cost.Collective(CollectiveOp.AllGather, GroupRole.Data, 0, size).Seconds;
        double alongside = cost.CollectiveAlongside(CollectiveOp.AllGather, GroupRole.Data, 0, 7, size).Seconds;

        Assert.AreEqual(together, alongside, 0.05 * together);
        Assert.IsGreaterThanOrEqualTo(alone, alongside);
        Assert.AreEqual(alone, cost.CollectiveAlongside(CollectiveOp.AllGather, GroupRole.Data, 0, 0, size).Seconds, 1e-12);
    }
}
