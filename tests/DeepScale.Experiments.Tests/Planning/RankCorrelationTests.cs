using DeepScale.Experiments.Planning;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class RankCorrelationTests
{
    [TestMethod]
    public void Spearman_SameOrder_IsOne() =>
        Assert.AreEqual(1.0, RankCorrelation.Spearman([1, 2, 3, 4], [10, 20, 25, 100]), 1e-12);

    [TestMethod]
    public void Spearman_ReversedOrder_IsMinusOne() =>
        Assert.AreEqual(-1.0, RankCorrelation.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 1e-12);

    /// <summary>Analytic cross-check: without ties ρ = 1 − 6Σd²/(n(n²−1)); one swap of neighbours in 5 gives 1 − 12/120.</summary>
    [TestMethod]
    public void Spearman_OneAdjacentSwap_MatchesTheClosedForm() =>
        Assert.AreEqual(1 - (6.0 * 2 / (5 * 24)), RankCorrelation.Spearman([1, 2, 3, 4, 5], [1, 3, 2, 4, 5]), 1e-12);

    [TestMethod]
    public void Ranks_Ties_ShareTheAverageRank() =>
        CollectionAssert.AreEqual(new[] { 1.0, 2.5, 2.5, 4.0 }, RankCorrelation.Ranks([1, 7, 7, 9]));

    [TestMethod]
    public void Spearman_ConstantSeries_IsNaN() =>
        Assert.IsTrue(double.IsNaN(RankCorrelation.Spearman([1, 1, 1], [1, 2, 3])));

    [TestMethod]
    public void Spearman_UnequalLengths_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => RankCorrelation.Spearman([1, 2], [1, 2, 3]));
}
