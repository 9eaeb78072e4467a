using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

/// <summary>Each suite, run at analytical fidelity on the checkout's reference data.</summary>
[TestClass]
public sealed class SuiteRunTests
{
    [TestMethod]
    [DataRow("megatron-table1", 10, 10)]
    [DataRow("megatron-table2", 17, 12)]
    [DataRow("megatron-mfu-2022", 10, 10)]
    [DataRow("megatron-layer-2022", 10, 10)]
    [DataRow("flash-attention-2022", 65, 38)]
    [DataRow("nccl-busbw", 27, 16)]
    [DataRow("xla-h100-collectives", 264, 18)]
    [DataRow("xla-gemm", 750, 620)]
    [DataRow("gpipe", 9, 8)]
    [DataRow("deepspeed-zero", 54, 54)]
    [DataRow("goyal-imagenet", 6, 3)]
    [DataRow("horovod", 10, 6)]
    [DataRow("llm-foundry-mpt", 95, 95)]
    public void Run_RunnableSuite_PredictsEveryExpressibleRowFinitely(string name, int rows, int scored)
    {
        SuiteResult suite = ValidationFixture.Suite(name);
        Assert.IsTrue(suite.Ran, suite.NotRunnableReason);
        Assert.HasCount(rows, suite.Rows);
        Assert.AreEqual(scored, suite.ScoredRows.Count());
        Assert.IsEmpty(suite.Skipped.Where(s => s.Kind == SkipKind.Failed));
        foreach (ValidationRow row in suite.Rows)
        {
            Assert.IsTrue(double.IsFinite(row.Predicted) && row.Predicted > 0, $"{name} {row.Label}: {row.Predicted}");
            Assert.HasCount(suite.InputColumns.Length, row.Inputs);
        }

        Assert.IsNotNull(suite.Target);
        Assert.IsNotNull(suite.MapePercent);
        Assert.IsNotEmpty(suite.Calibration);
        Assert.IsNotEmpty(suite.Settings);
    }

    [TestMethod]
    public void Run_MegatronTable1_ComputesEq3FromTheIterationTime()
    {
        SuiteResult suite = ValidationFixture.Suite("megatron-table1");
        ValidationRow first = suite.Rows[0];
        Assert.AreEqual("1.7B", first.Label);
        Assert.AreEqual(137, first.Published);
        Assert.AreEqual("1f1b", first.Inputs[suite.InputColumns.IndexOf("schedule")]);
        Assert.AreEqual("16", first.Inputs[suite.InputColumns.IndexOf("micro_batch")]);
        Assert.AreEqual("interleaved-1f1b", suite.Rows[8].Inputs[suite.InputColumns.IndexOf("schedule")]);
        Assert.AreEqual("3", suite.Rows[8].Inputs[suite.InputColumns.IndexOf("virtual_stages")]);
        Assert.AreEqual("1f1b", suite.Rows[9].Inputs[suite.InputColumns.IndexOf("schedule")]);
        StringAssert.Contains(suite.Settings[0], "examples/sc21/run_table_1.sh");
    }

    [TestMethod]
    public void MegatronMfu2022_PrintedIterationTimesGiveThePrintedMfuUnderEq7()
    {
        // Table 5 prints both the "present work" iteration time and its MFU: Eq. 7 must turn one into the other.
        int checkedRows = 0;
        foreach (Hardware.Catalog.CsvRow row in ReferenceData.Default.Table(MegatronMfuSuite.FileName).Rows)
        {
            if (row.Number("mfu_pct") is not { } printed || row.Number("iteration_time_s") is not { } seconds)
            {
                continue;
            }

            MegatronRun run = MegatronMfuSuite.RunOf(row);
            Core.Units.FlopCount model = MegatronFlops.ModelFlopsPerIteration(run.GlobalBatch, run.Model.SeqLen, run.Model.Layers, run.Model.Hidden, run.Model.Vocab);
            double mfu = 100 * (MegatronFlops.AchievedPerGpu(model, Core.Units.Duration.FromSeconds(seconds), run.Gpus) / Core.Units.FlopRate.FromTera(312));
            Assert.AreEqual(printed, mfu, 0.6, $"{run.Name}: {seconds} s");
            checkedRows++;
        }

        Assert.AreEqual(5, checkedRows);
    }

    [TestMethod]
    public void Run_MegatronTable2_TextFigureShownButNotScored()
    {
        SuiteResult suite = ValidationFixture.Suite("megatron-table2");
        ValidationRow text = suite.Rows.Single(r => r.Label == "175B 1024 (text)");
        Assert.IsFalse(text.Scored);
        Assert.AreEqual(140, text.Published);
        Assert.HasCount(10, suite.Skipped);
        ValidationRow ptdp = suite.Rows.Single(r => r.Label == "PTD-P 529.6B 560");
        Assert.AreEqual("35", ptdp.Inputs[suite.InputColumns.IndexOf("pipeline")]);
    }

    [TestMethod]
    [DataRow("175", 113, 135)]
    [DataRow("530", 133, 148)]
    public void Run_MegatronTable2_FusionFiguresShownAndTheirGainNoted(string billions, double publishedOff, double publishedOn)
    {
        SuiteResult suite = ValidationFixture.Suite("megatron-table2");
        ValidationRow off = suite.Rows.Single(r => r.Label == $"{billions}B fusion off (text)");
        ValidationRow on = suite.Rows.Single(r => r.Label == $"{billions}B fusion on (text)");
        Assert.IsFalse(off.Scored || on.Scored);
        Assert.AreEqual(publishedOff, off.Published);
        Assert.AreEqual(publishedOn, on.Published);
        Assert.IsGreaterThan(off.Predicted, on.Predicted, "fused element-wise kernels move fewer bytes");
        Assert.AreEqual("no", off.Inputs[suite.InputColumns.IndexOf("scored")]);
        Assert.ContainsSingle(suite.Notes.Where(n => n.StartsWith($"Sec. 5.8 operator fusion, {billions}B: predicted gain +", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("Sec. 5.7 scatter/gather", "“up to 11%”")]
    [DataRow("The abstract's interleaved schedule", "“10+%”")]
    public void Run_MegatronTable2_AblationGainsComparedInTheNotes(string prefix, string published)
    {
        SuiteResult suite = ValidationFixture.Suite("megatron-table2");
        string note = suite.Notes.Single(n => n.StartsWith(prefix, StringComparison.Ordinal));
        StringAssert.Contains(note, "predicted gain +");
        StringAssert.Contains(note, "(largest at 12)", "pipeline costs weigh most at the smallest batch");
        StringAssert.EndsWith(note, published);
    }

    [TestMethod]
    public void Run_NcclBusbw_ScoresExactlyTheRowsFrom64MiB()
    {
        SuiteResult suite = ValidationFixture.Suite("nccl-busbw");
        int bytesColumn = suite.InputColumns.IndexOf("payload_bytes");
        foreach (ValidationRow row in suite.Rows)
        {
            double bytes = double.Parse(row.Inputs[bytesColumn], System.Globalization.CultureInfo.InvariantCulture);
            Assert.AreEqual(bytes >= 64 * 1024 * 1024, row.Scored, row.Label);
        }

        Assert.AreEqual(7, suite.Rows.Count(r => r.Label.StartsWith("H200", StringComparison.Ordinal)));
        Assert.HasCount(113 - 27, suite.Skipped);
    }

    [TestMethod]
    public void Run_Gpipe_BaselineIsOneAndUnscored()
    {
        SuiteResult suite = ValidationFixture.Suite("gpipe");
        ValidationRow baseline = suite.Rows.Single(r => r.Label == "T48 K=2 M=1");
        Assert.AreEqual(1.0, baseline.Predicted, 1e-12);
        Assert.IsFalse(baseline.Scored);
        Assert.IsNotEmpty(suite.Substitution);
    }
}
