using DeepScale.Reporting.Charts;

namespace DeepScale.Reporting.Tests.Charts;

[TestClass]
public sealed class ChartFontsTests
{
    [TestMethod]
    public void Ensure_DejaVuSansInstalled_ReturnsItAndMakesItScottPlotsDefault()
    {
        string family = ChartFonts.Ensure();

        Assert.AreEqual("DejaVu Sans", family);
        Assert.AreEqual("DejaVu Sans", ScottPlot.Fonts.Default);
        Assert.Contains("DejaVu Sans", SkiaSharp.SKFontManager.Default.FontFamilies);
    }

    [TestMethod]
    public void Ensure_FamilyNotInstalled_ThrowsNamingTheFamilyAndTheFix()
    {
        var error = Assert.ThrowsExactly<MissingFontException>(() => ChartFonts.Ensure("No Such Font Family 42"));

        Assert.AreEqual("No Such Font Family 42", error.Family);
        Assert.Contains("'No Such Font Family 42' was not found", error.Message);
        Assert.Contains("without any text", error.Message);
        Assert.Contains("fonts-dejavu-core", error.Message);
    }
}
