using DeepScale.Hardware.Catalog;

namespace DeepScale.Hardware.Tests.Catalog;

[TestClass]
public sealed class CatalogIdsTests
{
    [TestMethod]
    [DataRow("A100 SXM4 80GB", "a100-sxm4-80gb")]
    [DataRow("  TPU v5p  ", "tpu-v5p")]
    [DataRow("DGX-1 (Volta)", "dgx-1-volta")]
    public void ToKebab_NormalizesNames(string name, string expected)
    {
        Assert.AreEqual(expected, CatalogIds.ToKebab(name));
    }

    [TestMethod]
    [DataRow("kitten", "sitting", 3)]
    [DataRow("", "abc", 3)]
    [DataRow("same", "same", 0)]
    public void EditDistance_MatchesLevenshtein(string a, string b, int expected)
    {
        Assert.AreEqual(expected, CatalogIds.EditDistance(a, b));
    }

    [TestMethod]
    public void Nearest_OrdersByDistanceThenName()
    {
        IReadOnlyList<string> n = CatalogIds.Nearest("h100", ["h100-sxm5-80gb", "h200-sxm-141gb", "a100-sxm4-80gb", "h100-pcie-80gb"], 2);
        CollectionAssert.AreEqual(new[] { "h100-pcie-80gb", "h100-sxm5-80gb" }, n.ToArray());
    }
}
