using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

/// <summary>The CI form: every suite at analytical fidelity, quick and byte-for-byte repeatable.</summary>
[TestClass]
[DoNotParallelize]
public sealed class QuickPathTests
{
    [TestMethod]
    public void Run_EverySuiteAnalytical_RepeatsByteForByte()
    {
        ValidationReport first = ValidationFixture.AnalyticalReport;
        ValidationReport second = ValidationSuites.Run([], ValidationFixture.Analytical, ValidationFixture.Data);
        Assert.AreEqual(first.ToReadme(), second.ToReadme());
        for (int i = 0; i < first.Suites.Length; i++)
        {
            Assert.AreEqual(SuiteCsv.ToText(first.Suites[i]), SuiteCsv.ToText(second.Suites[i]), first.Suites[i].Name);
        }
    }

    [TestMethod]
    public void Run_SubsetOfSuites_RunsOnlyThoseAndSaysSo()
    {
        ValidationReport report = ValidationSuites.Run(["NCCL-BUSBW", "horovod"], ValidationFixture.Analytical, ValidationFixture.Data);
        CollectionAssert.AreEqual(new[] { "nccl-busbw", "horovod" }, report.Suites.Select(s => s.Name).ToArray());
        Assert.IsFalse(report.Complete);
        Assert.Contains("--suite nccl-busbw --suite horovod (a subset)", report.ToReadme());
    }

    [TestMethod]
    public void Find_UnknownSuite_ThrowsListingTheKnownOnes()
    {
        var ex = Assert.ThrowsExactly<UnknownSuiteException>(() => ValidationSuites.Find("megatron-table3"));
        Assert.Contains("megatron-table1", ex.Message);
        Assert.Contains("deepspeed-zero", ex.Message);
    }
}
