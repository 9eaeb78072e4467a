using System.Collections.Immutable;

using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class ValidationReportTests
{
    private static ValidationRow Row(string label, double predicted, double published, bool scored = true) =>
        new(label, ["x"], predicted, published) { Scored = scored };

    private static SuiteResult Suite(string name, ValidationTarget? target, params ValidationRow[] rows) => new()
    {
        Name = name,
        Title = name + " title",
        Quantity = "q",
        Fidelity = Fidelity.Analytical,
        Target = target,
        InputColumns = ["input"],
        Rows = [.. rows],
        CalibrationSummary = "nothing fitted",
    };

    [TestMethod]
    public void Statistics_UnscoredRows_AreLeftOut()
    {
        SuiteResult s = Suite("s", new ValidationTarget(10, null, "test"), Row("a", 110, 100), Row("b", 95, 100), Row("c", 300, 100, scored: false));
        Assert.AreEqual(7.5, s.MapePercent!.Value, 1e-9);
        Assert.AreEqual(10, s.MaxAbsErrorPercent!.Value, 1e-9);
        Assert.AreEqual("a", s.WorstRow!.Label);
        Assert.AreEqual(SuiteVerdict.MeetsTarget, s.Verdict);
    }

    [TestMethod]
    [DataRow(2.9, 5.9, SuiteVerdict.MeetsTarget)]
    [DataRow(4.6, 4.6, SuiteVerdict.AboveTarget)]
    [DataRow(1.0, 6.5, SuiteVerdict.AboveTarget)]
    public void Verdict_AgainstMapeAndRowBounds(double over, double under, SuiteVerdict expected)
    {
        // MAPE = (over + under) / 3 against 3%, the worst row against 6%.
        SuiteResult s = Suite("s", new ValidationTarget(3, 6, "test"), Row("a", 100 + over, 100), Row("b", 100 - under, 100), Row("c", 100, 100));
        Assert.AreEqual(expected, s.Verdict);
    }

    [TestMethod]
    public void CheckExitCode_OnlyRunnableSuitesAboveTargetOrFailed_Fail()
    {
        SuiteResult good = Suite("good", new ValidationTarget(10, null, "t"), Row("a", 101, 100));
        SuiteResult notRunnable = Suite("absent", null) with { NotRunnableReason = "no model" };
        SuiteResult bad = Suite("bad", new ValidationTarget(1, null, "t"), Row("a", 150, 100));
        SuiteResult failed = good with { Name = "failed", Skipped = [new SkippedRow("r", "boom", SkipKind.Failed)] };

        Assert.AreEqual(0, new ValidationReport([good, notRunnable], Fidelity.Analytical, true).CheckExitCode);
        var withBad = new ValidationReport([good, notRunnable, bad], Fidelity.Analytical, true);
        Assert.AreEqual(1, withBad.CheckExitCode);
        CollectionAssert.AreEqual(new[] { "bad" }, withBad.CheckFailures.Select(s => s.Name).ToArray());
        Assert.AreEqual(1, new ValidationReport([good, failed], Fidelity.Analytical, true).CheckExitCode);
        Assert.AreEqual(SuiteVerdict.Failed, failed.Verdict);
    }

    [TestMethod]
    public void Verdict_RunnableSuiteWithoutScoredRows_IsAboveTarget()
    {
        SuiteResult s = Suite("s", new ValidationTarget(10, null, "t"), Row("a", 1, 1, scored: false));
        Assert.AreEqual(SuiteVerdict.AboveTarget, s.Verdict);
        Assert.IsTrue(s.FailsCheck);
    }

    [TestMethod]
    public void ToReadme_HasOneSummaryRowPerSuiteWithMapeMaxAndTarget()
    {
        SuiteResult a = Suite("alpha", new ValidationTarget(3, 6, "issue"), Row("r1", 110, 100), Row("r2", 98, 100));
        SuiteResult b = Suite("beta", null) with { NotRunnableReason = "no P100 in the catalog" };
        string readme = new ValidationReport([a, b], Fidelity.Analytical, true).ToReadme();

        Assert.Contains("| suite | status | rows compared | MAPE | max error | target | verdict | calibrated inputs |", readme);
        Assert.Contains("| alpha | ran | 2 of 2 (2 scored) | 6.00% | 10.00% (r1) | MAPE ≤ 3%, every row ≤ 6% | above target | nothing fitted |", readme);
        Assert.Contains("| beta | not runnable | 0 of 0 | — | — | — | not runnable | — |", readme);
        Assert.Contains("## alpha", readme);
        Assert.Contains("no P100 in the catalog", readme);
        Assert.Contains("`deepscale validate --fidelity analytical` (every suite)", readme);
    }

    [TestMethod]
    public void ToReadme_AnalyticalRunOfEverySuite_ListsEverySuiteInOrder()
    {
        string readme = ValidationFixture.AnalyticalReport.ToReadme();
        int previous = -1;
        foreach (string name in ValidationSuites.Names)
        {
            int at = readme.IndexOf($"\n| {name} |", StringComparison.Ordinal);
            Assert.IsGreaterThan(previous, at, name);
            previous = at;
        }
    }

    [TestMethod]
    public void SuiteCsv_InputsThenPredictedPublishedError_QuotedWhereNeeded()
    {
        SuiteResult s = Suite("s", new ValidationTarget(10, null, "t")) with
        {
            InputColumns = ["system", "ranks"],
            Rows = [new ValidationRow("a", ["8x A100, NVLink", "8"], 207.7361, 171.54)],
        };
        Assert.AreEqual("system,ranks,predicted,published,error_pct\n\"8x A100, NVLink\",8,207.736,171.54,21.10\n", SuiteCsv.ToText(s));
    }

    [TestMethod]
    public void SuiteCsv_RowWithWrongInputCount_Throws()
    {
        SuiteResult s = Suite("s", null, Row("r", 1, 1)) with { InputColumns = ["a", "b"] };
        Assert.ThrowsExactly<InvalidOperationException>(() => SuiteCsv.ToText(s));
    }

    [TestMethod]
    [DataRow(160.45162, "160.452")]
    [DataRow(0.000123456789, "0.000123457")]
    [DataRow(17179869184.0, "17179900000")]
    [DataRow(-3.5, "-3.5")]
    [DataRow(0.0, "0")]
    public void Number_SixSignificantDigitsNoExponent(double value, string expected)
    {
        Assert.AreEqual(expected, ValidationText.Number(value));
    }

    [TestMethod]
    public void Percent_TinyNegative_HasNoMinusZero()
    {
        Assert.AreEqual("0.00", ValidationText.Percent(-0.001));
        Assert.AreEqual("-12.35", ValidationText.Percent(-12.345678));
    }

    [TestMethod]
    public void Row_NonFinitePrediction_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ValidationRow("r", ImmutableArray<string>.Empty, double.NaN, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ValidationRow("r", ImmutableArray<string>.Empty, 1, 0));
    }
}
