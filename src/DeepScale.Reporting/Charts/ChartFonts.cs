using SkiaSharp;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// The one font every chart uses, set explicitly: ScottPlot's Linux build scans /usr/share/fonts itself and would
/// otherwise pick DejaVu Serif, and without any font it silently draws no text.
/// </summary>
public static class ChartFonts
{
    /// <summary>The chart font family.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lock s_lock = new();

    /// <summary>Checks that <see cref="Family"/> is installed and makes it ScottPlot's default; throws
    /// <see cref="MissingFontException"/> when it is not. Called by every chart before it renders.</summary>
    public static string Ensure() => Ensure(Family);

    /// <summary>Checks that <paramref name="family"/> is installed and makes it ScottPlot's default.</summary>
    public static string Ensure(string family)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        string[] installed = [.. SKFontManager.Default.FontFamilies];
        if (!installed.Contains(family, StringComparer.Ordinal))
        {
            throw new MissingFontException(family, [.. installed.Order(StringComparer.Ordinal)]);
        }

        lock (s_lock)
        {
            if (ScottPlot.Fonts.Default != family)
            {
                ScottPlot.Fonts.Default = family;
            }
        }

        return family;
    }
}
