using DeepScale.Core;
using DeepScale.Core.Units;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Memory;

[TestClass]
public sealed class MemoryAccountantTests
{
    private static readonly Bytes s_a100Memory = TestAccelerators.A100Sxm80.Memory;

    [TestMethod]
    public void Account_Gpt3On80GbWithoutParallelism_DoesNotFitAndNamesWeightsFirst()
    {
        MemoryBreakdown m = MemoryAccountant.Account(ModelZoo.Get("gpt3-175b"), new MemoryStrategy { Recompute = RecomputeMode.Full });
        MemoryFit fit = m.Fits(s_a100Memory);

        Assert.IsFalse(fit.Fits);
        Assert.AreEqual("weights", fit.Overflowing[0].Name);
        Assert.AreEqual(174.6e9 * 18, m.ModelState.Count, 174.6e9 * 18 * 0.005);
        Assert.Contains("does not fit", fit.Summary);
        Assert.Contains("optimizer_states", fit.Summary);
        Assert.IsGreaterThan(m.Peak.Count - s_a100Memory.Count - 1, fit.Overflow.Count);
    }

    [TestMethod]
    [DataRow(Precision.Bf16, 2, 4, 12)] // fp32 gradients: Megatron Core's 18 bytes per parameter
    [DataRow(Precision.Fp16, 2, 2, 16)] // fp16 gradients and the optimizer's fp32 copy: its 20
    public void Account_MixedPrecisionAdam_BytesPerParameterOfTheFrameworks(Precision precision, int weights, int gradients, int optimizer)
    {
        ModelDescription model = ModelZoo.Get("gpt3-1.7b");
        long n = ModelAccountant.CountParameters(model);
        MemoryBreakdown m = MemoryAccountant.Account(model, new MemoryStrategy { Precision = precision });

        Assert.AreEqual((double)weights * n, m.Weights.Count, 1);
        Assert.AreEqual((double)gradients * n, m.Gradients.Count, 1);
        Assert.AreEqual((double)optimizer * n, m.OptimizerStates.Count, 1);
    }

    [TestMethod]
    [DataRow(Precision.Fp32, OptimizerKind.Adam, 16)]
    [DataRow(Precision.Bf16, OptimizerKind.Sgd, 14)]
    [DataRow(Precision.Fp16, OptimizerKind.Sgd, 16)]
    [DataRow(Precision.Fp8, OptimizerKind.Adam, 18)]
    [DataRow(Precision.Fp32, OptimizerKind.Sgd, 12)]
    public void Account_OtherPrecisionsAndOptimizers_BytesPerParameter(Precision precision, OptimizerKind optimizer, int bytes)
    {
        ModelDescription model = ModelZoo.Get("resnet50");
        long n = ModelAccountant.CountParameters(model);

        MemoryBreakdown m = MemoryAccountant.Account(model, new MemoryStrategy { Precision = precision, Optimizer = optimizer });

        Assert.AreEqual((double)bytes * n, m.ModelState.Count, 1);
    }

    [TestMethod]
    [DataRow(1, Precision.Fp16, 4 + (16.0 / 8))]
    [DataRow(2, Precision.Fp16, 2 + ((2 + 16.0) / 8))]
    [DataRow(3, Precision.Fp16, 20.0 / 8)]
    [DataRow(1, Precision.Bf16, 6 + (12.0 / 8))]
    [DataRow(2, Precision.Bf16, 2 + ((4 + 12.0) / 8))]
    [DataRow(3, Precision.Bf16, 18.0 / 8)]
    public void Account_ZeroStages_ShardModelStateOverDataParallelRanks(int stage, Precision precision, double bytesPerParameter)
    {
        // Rajbhandari et al. 2020, Fig. 1, with the optimizer's fp32 gradients: stage 1 is Megatron Core's
        // distributed optimizer (4 + 16/d for fp16 gradients, 6 + 12/d for fp32 ones), stage 2 also shards the
        // gradients, stage 3 everything.
        ModelDescription model = ModelZoo.Get("gpt3-7.5b");
        long n = ModelAccountant.CountParameters(model);

        MemoryBreakdown m = MemoryAccountant.Account(model, new MemoryStrategy { DataParallel = 8, ZeroStage = stage, Precision = precision });

        Assert.AreEqual(bytesPerParameter * n, m.ModelState.Count, 1);
    }

    [TestMethod]
    public void Account_DistributedOptimizer_ShardsOptimizerLikeZeroOne()
    {
        ModelDescription model = ModelZoo.Get("gpt3-7.5b");
        MemoryBreakdown zero1 = MemoryAccountant.Account(model, new MemoryStrategy { DataParallel = 8, ZeroStage = 1 });
        MemoryBreakdown dist = MemoryAccountant.Account(model, new MemoryStrategy { DataParallel = 8, DistributedOptimizer = true });

        Assert.AreEqual(zero1.OptimizerStates, dist.OptimizerStates);
    }

    [TestMethod]
    public void Account_LargestFittingMegatronGpt_IsConsistentWithEighteenBytesPerParameter()
    {
        // One A100-80GB, bf16, Adam, no sharding, full recompute, micro-batch 1: model state needs 18 bytes per
        // parameter, so nothing above 80 GiB / 18 B = 4.8 B parameters can fit; gpt3-3.6b (65 GB of state) fits and
        // gpt3-7.5b (135 GB) does not.
        string[] sizes = ["gpt3-1.7b", "gpt3-3.6b", "gpt3-7.5b", "gpt3-18b"];
        var strategy = new MemoryStrategy { Recompute = RecomputeMode.Full };
        string? largest = sizes.LastOrDefault(id => MemoryAccountant.Account(ModelZoo.Get(id), strategy).Fits(s_a100Memory).Fits);

        Assert.AreEqual("gpt3-3.6b", largest);
        MemoryBreakdown fit = MemoryAccountant.Account(ModelZoo.Get("gpt3-3.6b"), strategy);
        Assert.IsLessThan(s_a100Memory.Count, 18.0 * fit.Parameters);
        Assert.IsLessThan(0.15 * s_a100Memory.Count, (fit.Peak - fit.ModelState).Count, "activations and overheads are small next to the state");
    }

    [TestMethod]
    public void Account_LargestFittingDepth_FillsTheDeviceUpToActivationsAndOverhead()
    {
        // Sweep the depth of an h = 4096 GPT: the deepest that fits leaves less than one layer's state free, and its
        // 18 bytes per parameter plus activations and overheads account for the whole capacity.
        TransformerModel baseModel = ModelZoo.GetTransformer("gpt3-7.5b");
        var strategy = new MemoryStrategy { Recompute = RecomputeMode.Full };
        MemoryBreakdown Of(int layers) => MemoryAccountant.Account(baseModel with { Id = $"gpt-{layers}", Layers = layers }, strategy);
        int deepest = Enumerable.Range(1, 64).Last(l => Of(l).Fits(s_a100Memory).Fits);
        MemoryBreakdown at = Of(deepest), next = Of(deepest + 1);
        double layerState = 18.0 * 12 * 4096 * 4096;

        Assert.IsFalse(next.Fits(s_a100Memory).Fits);
        Assert.IsLessThan(layerState * 1.01, s_a100Memory.Count - at.Peak.Count);
        Assert.IsGreaterThan(0.85 * s_a100Memory.Count, 18.0 * at.Parameters);
    }

    [TestMethod]
    public void Account_ActivationsScaleWithMicrobatchesInFlight()
    {
        ModelDescription model = ModelZoo.Get("gpt3-175b");
        var strategy = new MemoryStrategy { TensorParallel = 8, PipelineParallel = 16, SequenceParallel = true, Recompute = RecomputeMode.Selective };

        MemoryBreakdown one = MemoryAccountant.Account(model, strategy);
        MemoryBreakdown sixteen = MemoryAccountant.Account(model, strategy with { MicrobatchesInFlight = 16 });

        Assert.AreEqual(16 * one.Activations.Count, sixteen.Activations.Count, 1);
    }

    [TestMethod]
    public void AccountStages_OneForwardOneBackward_FirstStageHoldsTheMostActivations()
    {
        ModelDescription model = ModelZoo.Get("gpt3-175b");
        var strategy = new MemoryStrategy { TensorParallel = 8, PipelineParallel = 8, Recompute = RecomputeMode.Selective, SequenceParallel = true };

        var stages = MemoryAccountant.AccountStages(model, strategy, s => InFlightMicrobatches.OneForwardOneBackward(8, s, 64));

        Assert.AreEqual(stages.Max(s => s.Activations.Count), stages[0].Activations.Count);
        Assert.AreEqual(8 * stages[3].ActivationsPerMicrobatch.Count, stages[3].Activations.Count * 8 / 5, 1);
        Assert.IsGreaterThan(0, stages[^1].Temporaries.Single(t => t.Name == "temporary.logits").Size.Count);
        Assert.AreEqual(0, stages[0].Temporaries.Single(t => t.Name == "temporary.logits").Size.Count);
    }

    [TestMethod]
    public void AccountStages_TiedEmbedding_LastStageKeepsACopy()
    {
        TransformerModel model = ModelZoo.GetTransformer("gpt3-175b");
        var strategy = new MemoryStrategy { TensorParallel = 8, PipelineParallel = 8 };

        var stages = MemoryAccountant.AccountStages(model, strategy, _ => 1);
        long middle = stages[3].Parameters;

        Assert.AreEqual(middle + (51200L / 8 * 12288) + 2 * 12288, stages[^1].Parameters);
    }

    [TestMethod]
    public void InFlight_Schedules_MatchTheirClosedForms()
    {
        Assert.AreEqual(32, InFlightMicrobatches.Gpipe(32));
        Assert.AreEqual(8, InFlightMicrobatches.OneForwardOneBackward(8, 0, 32));
        Assert.AreEqual(1, InFlightMicrobatches.OneForwardOneBackward(8, 7, 32));
        Assert.AreEqual(3, InFlightMicrobatches.OneForwardOneBackward(8, 0, 3));
        // Korthikanti et al. 2022 Eq. 3: first stage holds p·(1 + (p − 1)/(p·v)) micro-batches.
        Assert.AreEqual(8 * (1 + (7.0 / (8 * 4))), InFlightMicrobatches.Interleaved(8, 4, 0, 64), 1e-12);
        Assert.AreEqual(11.5, InFlightMicrobatches.Interleaved(8, 2, 0, 64), 1e-12);
        Assert.AreEqual(2, InFlightMicrobatches.Interleaved(8, 4, 0, 2), 1e-12, "capped by all chunks of all micro-batches");
        Assert.ThrowsExactly<WorkloadSpecException>(() => InFlightMicrobatches.Interleaved(8, 1, 0, 64));
    }

    /// <summary>With exactly p micro-batches Megatron's interleaved schedule runs every forward pass first: every stage holds all m.</summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(7)]
    public void InFlight_InterleavedWithPMicrobatches_HoldsAll(int stage)
    {
        Assert.AreEqual(8, InFlightMicrobatches.Interleaved(8, 2, stage, 8), 1e-12);
    }

    [TestMethod]
    public void Account_LayersNotDivisibleByPipeline_StagesHoldTheirShare()
    {
        // 30 layers on 4 stages: 7, 8, 8, 7; the middle stages hold eight blocks each.
        MemoryBreakdown second = MemoryAccountant.Account(ModelZoo.Get("gpt3-3.6b"), new MemoryStrategy { PipelineParallel = 4, PipelineStage = 1 });
        MemoryBreakdown third = MemoryAccountant.Account(ModelZoo.Get("gpt3-3.6b"), new MemoryStrategy { PipelineParallel = 4, PipelineStage = 2 });
        MemoryBreakdown eight = MemoryAccountant.Account(ModelZoo.Get("gpt3-3.6b"), new MemoryStrategy { PipelineParallel = 4, PipelineStage = 1, StageTransformerLayers = 8 });
        MemoryBreakdown seven = MemoryAccountant.Account(ModelZoo.Get("gpt3-3.6b"), new MemoryStrategy { PipelineParallel = 4, PipelineStage = 1, StageTransformerLayers = 7 });

        Assert.AreEqual(eight.Weights, second.Weights);
        Assert.AreEqual(eight.Weights, third.Weights);
        Assert.IsLessThan(eight.Weights.Count, seven.Weights.Count);
    }

    [TestMethod]
    public void Account_MoreStagesThanLayers_NamesPipeline()
    {
        var ex = Assert.ThrowsExactly<SpecFieldException>(() =>
            MemoryAccountant.Account(ModelZoo.Get("gpt3-3.6b"), new MemoryStrategy { PipelineParallel = 32 }));

        Assert.AreEqual("parallelism.pipeline", ex.Field);
    }

    [TestMethod]
    public void Account_TensorNotDividingHeads_NamesTensor()
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() =>
            MemoryAccountant.Account(ModelZoo.Get("gpt3-175b"), new MemoryStrategy { TensorParallel = 5 }));

        Assert.AreEqual("parallelism.tensor", ex.Field);
        Assert.Contains("5 does not divide heads 96", ex.Message);
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(-1)]
    public void Account_BadZeroStage_NamesZero(int stage)
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() =>
            MemoryAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new MemoryStrategy { ZeroStage = stage }));

        Assert.AreEqual("parallelism.zero", ex.Field);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void Account_BadMicrobatchesInFlight_NamesField(double inFlight)
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() =>
            MemoryAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new MemoryStrategy { MicrobatchesInFlight = inFlight }));

        Assert.AreEqual("parallelism.microbatches_in_flight", ex.Field);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-8)]
    public void Account_NonPositiveMicroBatch_NamesMicroBatch(int microBatch)
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() =>
            MemoryAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new MemoryStrategy { MicroBatch = microBatch }));

        Assert.AreEqual("training.micro_batch", ex.Field);
    }

    [TestMethod]
    public void Account_FrameworkOverhead_IsContextPlusFragmentationOfDynamicMemory()
    {
        ModelDescription model = ModelZoo.Get("gpt3-1.7b");
        MemoryBreakdown bare = MemoryAccountant.Account(model, new MemoryStrategy(), FrameworkMemoryOverhead.None);
        MemoryBreakdown real = MemoryAccountant.Account(model, new MemoryStrategy());
        double dynamic = real.Activations.Count + real.TemporaryTotal.Count;

        Assert.AreEqual(0, bare.FrameworkTotal.Count);
        Assert.AreEqual(Bytes.FromMiB(723).Count + (dynamic * 0.22 / 0.78), real.FrameworkTotal.Count, 1);
        Assert.AreEqual(bare.ModelState, real.ModelState);
    }

    [TestMethod]
    public void Account_MammoCnn_ActivationsDominateAtFullResolution()
    {
        // A 2677×1942 single-channel image: the feature maps, not the ~3 M parameters, fill the memory.
        MemoryBreakdown m = MemoryAccountant.Account(ModelZoo.Get("mammo-cnn"), new MemoryStrategy { MicroBatch = 4 });

        Assert.IsGreaterThan(10 * m.ModelState.Count, m.Activations.Count);
        Assert.IsTrue(m.Fits(s_a100Memory).Fits);
    }

    [TestMethod]
    public void Fits_NonPositiveCapacity_Throws()
    {
        MemoryBreakdown m = MemoryAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new MemoryStrategy());

        Assert.ThrowsExactly<WorkloadSpecException>(() => m.Fits(Bytes.Zero));
    }

    [TestMethod]
    public void Zero3GatheredParameters_LayerUnits_HoldTheCurrentAndThePrefetchedLayer()
    {
        Assert.AreEqual(2 * 1.8e9, MemoryAccountant.Zero3GatheredParameters(1.8e9, 6e8, 175e9, perTensor: false));
    }

    [TestMethod]
    [DataRow(6.04e8, 1e9)] // GPT-3 175B's largest tensor (4h·h) plus the 5e8 prefetch bucket meets the 1e9 live budget
    [DataRow(2.62e9, 2.62e9)] // a 1T model's 4h·h tensor alone exceeds the budget and is gathered whole
    [DataRow(1.68e7, 5.168e8)] // a small model: the tensor and a full prefetch bucket
    public void Zero3GatheredParameters_PerTensor_IsTheTensorAndThePrefetchWithinTheLiveBudget(double largestTensor, double expected)
    {
        Assert.AreEqual(expected, MemoryAccountant.Zero3GatheredParameters(3 * largestTensor, largestTensor, 1e12, perTensor: true), 1);
    }

    [TestMethod]
    public void Zero3GatheredParameters_NeverMoreThanTheStage()
    {
        Assert.AreEqual(3e8, MemoryAccountant.Zero3GatheredParameters(1e8, 3e7, 3e8, perTensor: true));
        Assert.AreEqual(1.5e8, MemoryAccountant.Zero3GatheredParameters(1e8, 3e7, 1.5e8, perTensor: false));
    }

    [TestMethod]
    public void Account_Zero3PerTensor_HoldsTheLiveBudgetInsteadOfTwoLayers()
    {
        // GPT-3 175B: a layer has 12·h² ≈ 1.81e9 parameters, its largest tensor 4·h² ≈ 6.04e8; 16-bit weights.
        ModelDescription model = ModelZoo.Get("gpt3-175b");
        var strategy = new MemoryStrategy { ZeroStage = 3, DataParallel = 64, Recompute = RecomputeMode.Full, Precision = Precision.Fp16 };
        double Gathered(MemoryStrategy s) => MemoryAccountant.Account(model, s).Temporaries.Single(t => t.Name == "temporary.zero3_gather").Size.Count;

        double layers = Gathered(strategy);
        double tensors = Gathered(strategy with { Zero3PerTensor = true });

        Assert.AreEqual(2 * 12.0 * 12288 * 12288 * 2, layers, 0.01 * layers);
        Assert.AreEqual(MemoryAccountant.DeepSpeedMaxLiveParameters * 2, tensors, 0.01 * tensors);
    }
}
