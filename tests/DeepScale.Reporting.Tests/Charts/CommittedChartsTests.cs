using SkiaSharp;

namespace DeepScale.Reporting.Tests.Charts;

/// <summary>
/// Every chart committed under results/ (the outputs of run-experiments.ps1 -Quick, calibration and validation)
/// decodes as a PNG of one of the fixed chart sizes and carries a drawing, not a blank canvas.
/// </summary>
[TestClass]
public sealed class CommittedChartsTests
{
    /// <summary>The sizes the chart writers use: standard, wide (Pareto, busbw) and the two-panel host figure.</summary>
    private static readonly (int Width, int Height)[] s_sizes = [(1200, 750), (1600, 900), (2400, 750)];

    [TestMethod]
    public void ResultsFolder_EveryPng_DecodesAtAChartSizeWithContent()
    {
        string results = Path.Combine(RepositoryRoot(), "results");
        string[] charts = [.. Directory.EnumerateFiles(results, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

        Assert.IsGreaterThanOrEqualTo(20, charts.Length, "the committed results hold the experiments' charts");
        foreach (string chart in charts)
        {
            byte[] png = File.ReadAllBytes(chart);
            string name = Path.GetRelativePath(results, chart);
            (int width, int height) = PngImage.Size(png);
            Assert.Contains((width, height), s_sizes, $"{name} is {width}×{height}");
            using SKBitmap bitmap = SKBitmap.Decode(png);
            Assert.IsNotNull(bitmap, $"{name} does not decode");
            Assert.IsGreaterThan(0.01, InkShare(bitmap), $"{name} is almost blank");
        }
    }

    /// <summary>Share of a sparse grid of pixels that differ from the background (the top-left pixel).</summary>
    private static double InkShare(SKBitmap bitmap)
    {
        SKColor background = bitmap.GetPixel(0, 0);
        int ink = 0, seen = 0;
        for (int y = 0; y < bitmap.Height; y += 5)
        {
            for (int x = 0; x < bitmap.Width; x += 5)
            {
                seen++;
                if (bitmap.GetPixel(x, y) != background)
                {
                    ink++;
                }
            }
        }

        return (double)ink / seen;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepScale.sln")))
            {
                return dir.FullName;
            }
        }

        throw new AssertInconclusiveException("the repository root (DeepScale.sln) is not above the test assembly");
    }
}
