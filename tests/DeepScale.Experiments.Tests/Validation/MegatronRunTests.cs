using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;
using DeepScale.Hardware.Catalog;
using DeepScale.Parallelism.Layout;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class MegatronRunTests
{
    [TestMethod]
    public void Rule_Table1_InterleavesExactlyWhereLayersAndMicrobatchesDivide()
    {
        string[] interleaved = [.. ValidationFixture.Data.Table(MegatronTable1Suite.FileName).Rows
            .Where(r => MegatronTable1Suite.RunOf(r).Interleaved)
            .Select(r => r["model_params_billion"])];
        // 39.1B: 48/(2·2) = 12, 48 micro-batches; 145.6B: 80/16 = 5, 96; 310.1B: 96/32 = 3, 144; 1T: 128/128 = 1, 512.
        // 76.1B (60/8) and 529.6B (105/70) are not integers; the first four have one stage.
        CollectionAssert.AreEqual(new[] { "39.1", "145.6", "310.1", "1008.0" }, interleaved);
    }

    [TestMethod]
    public void ToSpecYaml_Table1Row_LoadsWithTheRowsLayout()
    {
        CsvRow row = ValidationFixture.Data.Table(MegatronTable1Suite.FileName).Rows[6];
        MegatronRun run = MegatronTable1Suite.RunOf(row);
        Scenario scenario = ScenarioLoader.LoadText(run.ToSpecYaml(), run.Name);
        TrainingLayout layout = scenario.Layout;
        Assert.AreEqual("gpt3-145b", run.Model.Preset);
        Assert.AreEqual((8, 8, 24, 1, 2), (layout.Tensor, layout.Pipeline, layout.Data, layout.MicroBatch, layout.VirtualStages));
        Assert.AreEqual(1536, scenario.Gpus);
        Assert.AreEqual(96, scenario.MicrobatchesPerPipeline);
    }

    [TestMethod]
    public void Preset_EveryTable1Shape_IsAMegatronPresetOfTheZoo()
    {
        foreach (CsvRow row in ValidationFixture.Data.Table(MegatronTable1Suite.FileName).Rows)
        {
            string? preset = MegatronTable1Suite.RunOf(row).Model.Preset;
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
