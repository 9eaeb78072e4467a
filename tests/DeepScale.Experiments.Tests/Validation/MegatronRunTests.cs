using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;
using DeepScale.Hardware.Catalog;
using DeepScale.Parallelism.Layout;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class MegatronRunTests
{
    [TestMethod]
    public void Table1_TakesTheAuthorsScript_MicroBatchInterleavingAndDdp()
    {
        MegatronRun[] runs = [.. ValidationFixture.Data.Table(MegatronTable1Suite.FileName).Rows.Select(r => MegatronTable1Suite.RunOf(r, ValidationFixture.Data))];

        // examples/sc21/run_table_1.sh: MBS 16, 16, 16, 8, 4, 2, 2, 1, 1, 1; 5, 5, 3 and 1 layers per virtual stage for
        // 76B (60 / 4 stages: 3 chunks), 145B (80 / 8: 2), 310B (96 / 16: 2) and 530B (105 / 35: 3); DDP=torch to 18B.
        CollectionAssert.AreEqual(new[] { 16, 16, 16, 8, 4, 2, 2, 1, 1, 1 }, runs.Select(r => r.MicroBatch).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 1, 1, 1, 1, 3, 2, 2, 3, 1 }, runs.Select(r => r.VirtualStages).ToArray());
        CollectionAssert.AreEqual(new[] { true, true, true, true, false, false, false, false, false, false }, runs.Select(r => r.GradReduceOverlap).ToArray());
    }

    [TestMethod]
    public void ToSpecYaml_Table1Row_LoadsWithTheRowsLayout()
    {
        CsvRow row = ValidationFixture.Data.Table(MegatronTable1Suite.FileName).Rows[6];
        MegatronRun run = MegatronTable1Suite.RunOf(row, ValidationFixture.Data);
        Scenario scenario = ScenarioLoader.LoadText(run.ToSpecYaml(), run.Name);
        TrainingLayout layout = scenario.Layout;
        Assert.AreEqual("gpt3-145b", run.Model.Preset);
        Assert.AreEqual((8, 8, 24, 2, 2), (layout.Tensor, layout.Pipeline, layout.Data, layout.MicroBatch, layout.VirtualStages));
        Assert.AreEqual(1536, scenario.Gpus);
        Assert.AreEqual(48, scenario.MicrobatchesPerPipeline);
        Assert.IsFalse(layout.Overlap.GradReduce, "Megatron's local DDP reduces after the backward pass");
    }

    [TestMethod]
    public void Preset_EveryTable1Shape_IsAMegatronPresetOfTheZoo()
    {
        foreach (CsvRow row in ValidationFixture.Data.Table(MegatronTable1Suite.FileName).Rows)
        {
            string? preset = MegatronTable1Suite.RunOf(row, ValidationFixture.Data).Model.Preset;
            Assert.IsNotNull(preset, row.Location);
            Assert.StartsWith("gpt3-", preset);
        }
    }

    [TestMethod]
    public void ToSpecLines_ShapeWithoutPreset_WritesExplicitFields()
    {
        var shape = new GptShape(160, 32768, 128, 1024, GptShape.MegatronVocabulary);
        Assert.IsNull(shape.Preset);
        Assert.Contains("family: gpt", shape.ToSpecLines());
        Assert.Contains("hidden: 32768", shape.ToSpecLines());
    }

    [TestMethod]
    public void ToSpecLines_PresetWithOtherSequence_OverridesSeqLen()
    {
        var shape = new GptShape(96, 12288, 96, 512, GptShape.MegatronVocabulary);
        Assert.AreEqual("  preset: gpt3-175b\n  seq_len: 512\n", shape.ToSpecLines());
    }
}
