using DeepScale.Core.Units;
using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Planning;

/// <summary>Bad input: one-line reasons the command line reports with exit code 2.</summary>
[TestClass]
public sealed class PlanRequestTests
{
    private static readonly SpecDocument s_small = PlanningSpecs.OnDgx("gpt3-1.7b", 1, 64);

    [TestMethod]
    [DataRow(PlanObjective.Cost, "--objective cost needs the length of the training job")]
    [DataRow(PlanObjective.TimeToTrain, "--objective time-to-train needs the length of the training job")]
    public void Validate_ObjectiveWithoutTrainingLength_Throws(PlanObjective objective, string expected)
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() => Planner.Plan(new PlanRequest { Spec = s_small, Objective = objective }));

        Assert.Contains(expected, e.Message);
        Assert.Contains("--tokens N or --epochs N", e.Message);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-5.0)]
    public void Validate_BudgetNotPositive_Throws(double budget)
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            Planner.Plan(new PlanRequest { Spec = s_small, BudgetUsd = budget, Tokens = 1e9 }));

        Assert.Contains("--budget-usd must be a positive number of dollars", e.Message);
    }

    [TestMethod]
    public void Validate_DeadlineWithoutTrainingLength_Throws()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            Planner.Plan(new PlanRequest { Spec = s_small, Deadline = Duration.FromDays(3) }));

        Assert.Contains("--deadline needs the length of the training job", e.Message);
    }

    [TestMethod]
    public void Validate_GpusAndMaxGpus_Throws()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() => Planner.Plan(new PlanRequest { Spec = s_small, Gpus = 8, MaxGpus = 16 }));

        Assert.Contains("--gpus and --max-gpus exclude each other", e.Message);
    }

    [TestMethod]
    public void Plan_CostWithoutPrices_Throws()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            Planner.Plan(new PlanRequest { Spec = s_small, Objective = PlanObjective.Cost, Tokens = 1e9 }));

        Assert.Contains("needs prices", e.Message);
    }

    [TestMethod]
    public void Plan_EpochsWithoutDataSet_Throws()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() => Planner.Plan(new PlanRequest { Spec = s_small, Epochs = 3, Objective = PlanObjective.TimeToTrain }));

        Assert.Contains("data.samples", e.Message);
    }

    /// <summary>No feasible point because nothing fits: the message names memory and the closest layout.</summary>
    [TestMethod]
    public void Plan_NothingFitsInMemory_NamesTheClosestLayout()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            Planner.Plan(PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-175b", 1, 64))));

        // 175e9 parameters × 18 bytes (bf16 with fp32 gradients) over 8 GPUs is 367 GiB per GPU however they are split.
        Assert.StartsWith("no feasible plan: memory: no layout fits in 80 GiB per GPU; the closest, ", e.Message);
        Assert.Contains("(its model states alone) on 1 x dgx-a100-80gb (8 GPUs), needs 366.6 GiB", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    /// <summary>No feasible point because no micro-batch divides the batch: the message names the global batch.</summary>
    [TestMethod]
    public void Plan_NoMicroBatchDividesTheBatch_NamesTheGlobalBatch()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            Planner.Plan(PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-1.7b", 1, 3), space: new PlanSearchSpace { MicroBatches = [2, 4] })));

        Assert.AreEqual("no feasible plan: divisibility: training.global_batch 3 is not divisible by micro_batch·data for any micro-batch in [2, 4] on 8 GPUs", e.Message);
    }

    [TestMethod]
    public void Plan_InstanceOfAnUnknownProvider_Throws()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            Planner.Plan(new PlanRequest { Spec = s_small, Instances = ["nimbus:x1"] }));

        Assert.Contains("unknown provider 'nimbus'", e.Message);
    }

    [TestMethod]
    public void Validate_EmptyAxis_Throws()
    {
        PlanException e = Assert.ThrowsExactly<PlanException>(() =>
            new PlanRequest { Spec = s_small, Space = new PlanSearchSpace { MicroBatches = [] } }.Validate());

        Assert.Contains("micro-batches must not be empty", e.Message);
    }
}
