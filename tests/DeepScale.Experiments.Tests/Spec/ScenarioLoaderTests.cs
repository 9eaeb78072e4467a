using DeepScale.Core.Units;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Spec;

[TestClass]
public sealed class ScenarioLoaderTests
{
    public static IEnumerable<object[]> GoodSpecs => TestFiles.Names(TestFiles.Good, "*.yaml").Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(GoodSpecs))]
    public void LoadFile_GoodSpec_ResolvesAConsistentScenario(string file)
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, file));

        Assert.AreEqual(s.Gpus, s.Layout.Gpus);
        Assert.AreEqual(s.Cluster.Nodes * s.Cluster.GpusPerNode, s.Gpus);
        Assert.AreEqual(0, s.Layout.GlobalBatch % (s.Layout.MicroBatch * s.Layout.Data));
        Assert.IsTrue(s.Cluster.Accelerator.Supports(s.Layout.Precision));
        Assert.AreEqual(64, s.SpecSha256.Length);
        Assert.AreEqual(s.Cluster.Nodes, s.Cluster.Spec.Nodes);
        Assert.AreEqual(s.Cluster.GpusPerNode, s.Cluster.Spec.GpusPerNode);
    }

    [TestMethod]
    public void LoadFile_DesignContractExample_ResolvesEveryContractKey()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "gpt3-175b-1024-a100.yaml"));

        Assert.AreEqual("gpt3-175b-1024-a100", s.Name);
        Assert.AreSame(ModelZoo.Get("gpt3-175b"), s.Model);
        Assert.AreEqual("dgx-a100-80gb", s.Cluster.SystemId);
        Assert.AreEqual("a100-sxm4-80gb", s.Cluster.Accelerator.Id);
        Assert.AreEqual(1024, s.Gpus);
        Assert.AreEqual(new TrainingLayout
        {
            Tensor = 8,
            Pipeline = 16,
            Data = 8,
            Schedule = PipelineScheduleKind.OneFOneB,
            VirtualStages = 1,
            Overlap = new OverlapOptions { GradReduce = true, ParamGather = false, TpComm = false },
            Recompute = RecomputeMode.Full,
            Placement = RankPlacement.TensorPipelineData,
            GlobalBatch = 1536,
            MicroBatch = 1,
            Precision = Precision.Bf16,
            Optimizer = OptimizerKind.Adam,
            Attention = AttentionImplementation.Flash,
        }, s.Layout);
        Assert.AreEqual(Fidelity.Symmetric, s.Fidelity);
        Assert.AreEqual(42UL, s.Seed);
        Assert.AreEqual(1, s.Iterations);
        Assert.AreEqual(192, s.MicrobatchesPerPipeline);
        Assert.IsNull(s.Data);
        Assert.IsNull(s.Cluster.CloudInstance);
    }

    [TestMethod]
    public void LoadFile_MinimalSpec_AppliesDocumentedDefaults()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "gpt3-1.7b-minimal.yaml"));

        Assert.AreEqual((1, 1, 8), (s.Layout.Tensor, s.Layout.Pipeline, s.Layout.Data));
        Assert.AreEqual(new OverlapOptions(), s.Layout.Overlap);
        Assert.AreEqual(PipelineScheduleKind.OneFOneB, s.Layout.Schedule);
        Assert.AreEqual(RecomputeMode.None, s.Layout.Recompute);
        Assert.AreEqual(0, s.Layout.ZeroStage);
        Assert.AreEqual(CollectiveChoice.Auto, s.Layout.Collectives);
        Assert.AreEqual(1, s.Layout.MicroBatch);
        Assert.AreEqual(Precision.Bf16, s.Layout.Precision);
        Assert.AreEqual(Fidelity.Symmetric, s.Fidelity);
        Assert.AreEqual(42UL, s.Seed);
        Assert.AreEqual(1, s.Iterations);
        Assert.AreEqual(1, s.Cluster.Nodes);
        Assert.AreEqual("", s.Description);
        Assert.AreEqual("gpt3-1.7b", s.Model.Id);
    }

    [TestMethod]
    public void LoadFile_ExplicitModelAndEveryClusterKey_ReadsThemAll()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "explicit-gpt-every-cluster-key.yaml"));

        TransformerModel m = (TransformerModel)s.Model;
        Assert.AreEqual("gpt-2.7b", m.Id);
        Assert.AreEqual((32L, 2560L, 32L, 32L, 10240L, 2048L, 51200L), (m.Layers, m.Hidden, m.Heads, m.KvHeads, m.FfnHidden, m.SeqLen, m.Vocab));
        Assert.AreEqual((NormKind.LayerNorm, MlpKind.Gelu, PositionEmbeddingKind.Learned), (m.Norm, m.Mlp, m.Positions));
        Assert.IsTrue(m.Causal && m.Biases && m.Dropout && m.TiedEmbeddings);

        ClusterSpec c = s.Cluster.Spec;
        Assert.AreEqual("hgx-a100", c.System);
        Assert.AreEqual("a100-sxm4-40gb", c.Gpu);
        Assert.AreEqual(4, c.Nodes);
        Assert.AreEqual("ib-hdr", c.ScaleOut!.Link);
        Assert.AreEqual(8, c.ScaleOut.NicsPerNode);
        Assert.AreEqual(Hardware.Specs.ScaleOutTopology.FatTree, c.ScaleOut.Topology);
        Assert.AreEqual(2.0, c.ScaleOut.Oversubscription);
        Assert.AreEqual(16, c.ScaleOut.LeafDownlinks);
        Assert.AreEqual(ByteRate.FromGigabitsPerSecond(200), c.ScaleOut.NicRate);
        Assert.AreEqual(FabricRouting.Ecmp, c.ScaleOut.Routing);
        StorageTierSpec lustre = c.Storage!.Value.Single();
        Assert.AreEqual(StorageTierKind.Lustre, lustre.Kind);
        Assert.AreEqual(ByteRate.FromGBps(100), lustre.ReadBandwidth);
        Assert.AreEqual(ByteRate.FromGBps(25), lustre.PerNodeBandwidth);
        Assert.AreEqual(Duration.FromMilliseconds(2), lustre.Latency);

        Assert.AreEqual((4, 2, 4), (s.Layout.Tensor, s.Layout.Pipeline, s.Layout.Data));
        Assert.AreEqual(PipelineScheduleKind.GPipe, s.Layout.Schedule);
        Assert.AreEqual(RecomputeMode.Selective, s.Layout.Recompute);
        Assert.AreEqual((Precision.Fp16, AttentionImplementation.Unfused), (s.Layout.Precision, s.Layout.Attention));
        Assert.AreEqual((Fidelity.Full, 7UL, 3), (s.Fidelity, s.Seed, s.Iterations));
        Assert.AreEqual(new DataPipeline
        {
            Samples = 1_000_000,
            BytesPerSample = Bytes.FromKiB(8),
            Storage = StorageTierKind.Lustre,
            WorkersPerNode = 16,
            DecodeTimePerSample = Duration.FromMicroseconds(50),
            PrefetchDepth = 4,
        }, s.Data);
    }

    [TestMethod]
    public void LoadFile_PresetWithOverrides_KeepsPresetFieldsAndAppliesOverrides()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "llama2-70b-preset-overrides.yaml"));

        TransformerModel preset = ModelZoo.GetTransformer("llama2-70b");
        TransformerModel m = (TransformerModel)s.Model;
        Assert.AreEqual(preset with { Id = "llama2-70b-custom", SeqLen = 8192 }, m);
        Assert.AreEqual(12345678901234567890UL, s.Seed);
        Assert.AreEqual(PipelineScheduleKind.Interleaved1F1B, s.Layout.Schedule);
        Assert.AreEqual(5, s.Layout.VirtualStages);
        Assert.IsTrue(s.Layout.SequenceParallel);
        Assert.IsTrue(s.Layout.DistributedOptimizer);
        Assert.AreEqual(new OverlapOptions { GradReduce = true, ParamGather = true, TpComm = false }, s.Layout.Overlap);
        Assert.AreEqual(RankPlacement.TensorDataPipeline, s.Layout.Placement);
        Assert.AreEqual(Precision.Fp8, s.Layout.Precision);
        Assert.AreEqual(4, s.Layout.Data);
    }

    [TestMethod]
    public void LoadFile_CloudInstance_TakesAcceleratorCountAndNetworkFromTheCatalog()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "cloud-aws-p4d.yaml"));

        Assert.IsNotNull(s.Cluster.CloudInstance);
        Assert.AreEqual("p4d.24xlarge", s.Cluster.CloudInstance.Instance);
        Assert.AreEqual("a100-sxm4-40gb", s.Cluster.Accelerator.Id);
        Assert.AreEqual("dgx-a100-40gb", s.Cluster.SystemId);
        Assert.AreEqual(8, s.Cluster.GpusPerNode);
        Assert.AreEqual(64, s.Gpus);
        // 400 Gb/s per instance over the DGX A100 layout's 8 NICs.
        Assert.AreEqual(ByteRate.FromGigabitsPerSecond(50).BytesPerSecond, s.Cluster.Spec.ScaleOut!.NicRate!.Value.BytesPerSecond, 1e-3);
        CollectionAssert.AreEqual(new[] { StorageTierKind.Lustre }, s.Cluster.SharedStorage.ToArray());
        Assert.AreEqual(StorageTierKind.Lustre, s.Cluster.Spec.Storage!.Value.Single().Kind);
        Assert.AreEqual(Fidelity.Analytical, s.Fidelity);
    }

    [TestMethod]
    public void LoadFile_AcceleratorWithoutBf16_DefaultsToFp16()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "resnet50-dgx1-v100.yaml"));

        Assert.AreEqual(Precision.Fp16, s.Layout.Precision);
        Assert.AreEqual(OptimizerKind.Sgd, s.Layout.Optimizer);
        Assert.AreEqual(8, s.Data!.WorkersPerNode);
        Assert.AreEqual(2, s.Data.PrefetchDepth);
    }

    [TestMethod]
    public void LoadFile_VitImageOverride_SequenceFollowsThePatches()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "vit-l16-384.yaml"));

        TransformerModel m = (TransformerModel)s.Model;
        Assert.AreEqual(new PatchEmbedding(384, 16, 3), m.Patches);
        Assert.AreEqual((384L / 16 * (384 / 16)) + 1, m.SeqLen);
    }

    [TestMethod]
    public void LoadFile_ExplicitLlama_UsesFamilyDefaults()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "explicit-llama-defaults.yaml"));

        TransformerModel m = (TransformerModel)s.Model;
        // Llama 2 7B has h = 4096 and FFN 11008 = 256·⌈(8/3·4096)/256⌉ (Touvron et al. 2023).
        Assert.AreEqual(11008L, m.FfnHidden);
        Assert.AreEqual(32L, m.KvHeads);
        Assert.AreEqual((NormKind.RmsNorm, MlpKind.SwiGlu, PositionEmbeddingKind.Rotary), (m.Norm, m.Mlp, m.Positions));
        Assert.IsFalse(m.Biases || m.Dropout || m.TiedEmbeddings);
        Assert.AreEqual("hgx-h200", s.Cluster.SystemId);
        Assert.AreEqual("custom-llama", m.Id);
    }

    [TestMethod]
    public void LoadFile_HostCpuAndConvNet_Resolves()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "mammo-cnn-host-cpu.yaml"));

        Assert.AreEqual("host-cpu", s.Cluster.Accelerator.Id);
        Assert.AreEqual(1, s.Gpus);
        Assert.IsInstanceOfType<ConvNetModel>(s.Model);
        Assert.AreEqual(Duration.FromMilliseconds(120), s.Data!.DecodeTimePerSample);
        Assert.AreEqual(StorageTierKind.ObjectStore, s.Data.Storage);
    }

    [TestMethod]
    public void LoadFile_SequenceParallelAtTensorOne_ResolvesToOff()
    {
        Scenario s = ScenarioLoader.LoadText(
            "name: x\nmodel: { preset: gpt3-1.7b }\ncluster: { system: dgx-a100-80gb }\nparallelism: { sequence_parallel: true }\ntraining: { global_batch: 8 }\n", "x.yaml");

        Assert.IsFalse(s.Layout.SequenceParallel);
    }

    [TestMethod]
    public void LoadFile_TpuSlice_KeepsTheTorusShape()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "bert-large-tpu-v4.yaml"));

        CollectionAssert.AreEqual(new[] { 4, 4, 4 }, s.Cluster.Spec.TorusShape!.Value.ToArray());
        Assert.AreEqual(64, s.Gpus);
    }

    [TestMethod]
    public void ClusterFactory_SmallScenario_BuildsTheTopology()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "cloud-aws-p4d.yaml"));

        Cluster cluster = ClusterFactory.Build(s);

        Assert.AreEqual(64, cluster.AcceleratorCount);
        Assert.AreEqual(8, cluster.NodeCount);
    }

    [TestMethod]
    public void ClusterFactory_HardwareRejectsTheSpec_ThrowsPositionedSpecException()
    {
        Scenario s = ScenarioLoader.LoadText(
            "name: x\nmodel: { preset: gpt3-1.7b }\ncluster:\n  system: dgx-h100\n  gpus_per_node: 8\ntraining: { global_batch: 8 }\n", "x.yaml");
        Scenario broken = s with { Cluster = s.Cluster with { Spec = s.Cluster.Spec with { GpusPerNode = 16 } } };

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ClusterFactory.Build(broken));

        Assert.StartsWith("x.yaml:5:18: cluster.gpus_per_node: 16 exceeds", ex.Message);
    }

    [TestMethod]
    public void ErrorAt_FieldWrittenInTheSpec_PointsAtItsNode()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "gpt3-175b-1024-a100.yaml"));

        SpecException ex = s.ErrorAt("parallelism.pipeline", "16 stages leave a bubble");

        Assert.EndsWith("gpt3-175b-1024-a100.yaml:10:13: parallelism.pipeline: 16 stages leave a bubble", ex.Message);
    }

    [TestMethod]
    public void ErrorAt_FieldInheritedFromAPreset_PointsAtThePreset()
    {
        Scenario s = ScenarioLoader.LoadFile(Path.Combine(TestFiles.Good, "gpt3-175b-1024-a100.yaml"));

        SpecException ex = s.ErrorAt("model.hidden", "too wide");

        Assert.EndsWith(".yaml:4:11: model.hidden: too wide", ex.Message);
    }

    [TestMethod]
    public void LoadText_NonTransformerWithWorkloadException_MapsFieldToSpecKey()
    {
        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.LoadText(
            "name: x\nmodel:\n  preset: vit-l16\n  image_size: 100\ncluster: { system: dgx-a100-80gb }\ntraining: { global_batch: 8 }\n", "v.yaml"));

        Assert.AreEqual("v.yaml:3:11: model.patch_size: 16 does not divide image size 100", ex.Message);
        Assert.IsInstanceOfType<WorkloadSpecException>(ex.InnerException);
    }
}
