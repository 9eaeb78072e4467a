using System.Collections.Immutable;

using DeepScale.Core;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

[TestClass]
public sealed class PipelineSplitTests
{
    private static ModelAccount Gpt() => ModelAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new AccountingOptions());

    [TestMethod]
    public void Slice_NoSplitGiven_EqualRunsWithEmbeddingFirstAndHeadLast()
    {
        IReadOnlyList<IReadOnlyList<LayerAccount>> slices = PipelineSplit.Slice(Gpt(), 4, 1, []);

        Assert.HasCount(4, slices);
        Assert.IsTrue(slices.All(s => s.Count(l => l.Kind == LayerKind.Transformer) == 6));
        Assert.AreEqual(LayerKind.Embedding, slices[0][0].Kind);
        Assert.AreEqual(LayerKind.Head, slices[^1][^1].Kind);
        Assert.IsTrue(slices.Skip(1).All(s => s.All(l => l.Kind != LayerKind.Embedding)));
    }

    [TestMethod]
    public void Slice_GivenSplit_KeepsModelOrderAndEveryLayerOnce()
    {
        ModelAccount account = Gpt();
        IReadOnlyList<IReadOnlyList<LayerAccount>> slices = PipelineSplit.Slice(account, 4, 1, [5, 7, 7, 5]);

        CollectionAssert.AreEqual(new[] { 5, 7, 7, 5 }, slices.Select(s => s.Count(l => l.Kind == LayerKind.Transformer)).ToArray());
        CollectionAssert.AreEqual(account.Layers.ToArray(), slices.SelectMany(s => s).ToArray(), "every layer once, in model order");
    }

    [TestMethod]
    public void StageLayers_Interleaved_SumsTheStagesChunks()
    {
        // p = 2, v = 2: slices 0 and 2 are stage 0's chunks, 1 and 3 stage 1's.
        ImmutableArray<int> perSlice = [5, 6, 6, 7];
        Assert.AreEqual(11, PipelineSplit.StageLayers(perSlice, 2, 0));
        Assert.AreEqual(13, PipelineSplit.StageLayers(perSlice, 2, 1));
    }

    [TestMethod]
    [DataRow(70, 12, new[] { 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5 })]
    [DataRow(81, 4, new[] { 20, 21, 20, 20 })]
    [DataRow(26, 4, new[] { 6, 7, 7, 6 })]
    [DataRow(7, 4, new[] { 1, 2, 2, 2 })]
    [DataRow(24, 4, new[] { 6, 6, 6, 6 })]
    public void Counts_NoSplitGiven_EqualOrRemainderOnTheMiddleStagesFirst(int layers, int stages, int[] expected)
    {
        CollectionAssert.AreEqual(expected, PipelineSplit.Counts(layers, stages, 1, []).ToArray());
    }

    [TestMethod]
    public void Problem_MoreStagesThanLayers_NamesThePipeline()
    {
        (string Field, string Constraint)? problem = PipelineSplit.Problem(24, 32, 1, []);

        Assert.IsNotNull(problem);
        Assert.AreEqual("parallelism.pipeline", problem.Value.Field);
    }

    [TestMethod]
    public void Problem_InterleavedChunksThatDoNotDivide_NamesTheVirtualStagesAndTheKey()
    {
        (string Field, string Constraint)? problem = PipelineSplit.Problem(24, 10, 2, []);

        Assert.IsNotNull(problem);
        Assert.AreEqual("parallelism.virtual_stages", problem.Value.Field);
        StringAssert.Contains(problem.Value.Constraint, PipelineSplit.Field);
    }

    [TestMethod]
    [DataRow(new[] { 6, 6 }, "entries")]
    [DataRow(new[] { 6, 6, 6 }, "add up to 18")]
    [DataRow(new[] { 24, 0, 0 }, "at least one")]
    public void Problem_BadGivenSplit_NamesTheKey(int[] given, string fragment)
    {
        (string Field, string Constraint)? problem = PipelineSplit.Problem(24, 3, 1, [.. given]);

        Assert.IsNotNull(problem);
        Assert.AreEqual(PipelineSplit.Field, problem.Value.Field);
        StringAssert.Contains(problem.Value.Constraint, fragment);
    }

    [TestMethod]
    public void LayersPerSlice_NotATransformer_Throws()
    {
        SpecFieldException e = Assert.ThrowsExactly<SpecFieldException>(() => PipelineSplit.LayersPerSlice(ModelZoo.Get("resnet50"), 2, 1, []));
        Assert.AreEqual("parallelism.pipeline", e.Field);
    }
}
