using DeepScale.Experiments.Planning;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class StagePeakMemoryTests
{
    /// <summary>The table repeats <see cref="MemoryAccountant"/> stage by stage, and its maximum over the first and last stage is the maximum over all.</summary>
    [TestMethod]
    [DataRow("gpt3-1.7b", 21UL)]
    [DataRow("llama2-7b", 22UL)]
    [DataRow("gpt3-18b", 23UL)]
    public void PeakBytes_RandomLayouts_EqualsMemoryAccountantOverEveryStage(string preset, ulong seed)
    {
        var model = (TransformerModel)ModelZoo.Get(preset);
        foreach (TrainingLayout layout in RandomLayouts.Draw(model, 32, 8, 256, seed, 30))
        {
            var table = StagePeakMemory.Build(ModelAccountant.Account(model, RandomLayouts.AccountingOf(layout)));
            double highest = 0;
            for (int s = 0; s < layout.Pipeline; s++)
            {
                double expected = MemoryAccountant.Account(model, TrainingScheduleBuilder.MemoryStrategyFor(layout, s)).Peak.Count;
                Assert.AreEqual(expected, table.StagePeakBytes(layout, s), $"stage {s} of {layout}");
                highest = Math.Max(highest, expected);
            }

            Assert.AreEqual(highest, table.PeakBytes(layout), layout.ToString());
            Assert.IsLessThanOrEqualTo(highest, table.ModelStateBytes(layout), layout.ToString());
        }
    }
}
