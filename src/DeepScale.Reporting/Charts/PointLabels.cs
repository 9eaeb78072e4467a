using ScottPlot;

using SkiaSharp;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Writes labels next to scatter points without letting them cover each other or the points: the plot is laid
/// out once at its final size, then each label takes the first of eight positions around its point (at two
/// distances) whose box is free and inside the data area, or else the position that overlaps least.
/// </summary>
internal static class PointLabels
{
    private const float MarkerRadius = 7;

    private static readonly (float Dx, float Dy, Alignment Alignment)[] s_positions =
    [
        (7, -3, Alignment.LowerLeft),
        (7, 3, Alignment.UpperLeft),
        (-7, -3, Alignment.LowerRight),
        (-7, 3, Alignment.UpperRight),
        (10, 0, Alignment.MiddleLeft),
        (-10, 0, Alignment.MiddleRight),
        (0, -9, Alignment.LowerCenter),
        (0, 9, Alignment.UpperCenter),
    ];

    /// <summary>Points along the polyline through <paramref name="vertices"/>, as obstacles that keep labels off a
    /// drawn line.</summary>
    public static IEnumerable<Coordinates> Along(IReadOnlyList<Coordinates> vertices, int perSegment = 12)
    {
        for (int i = 1; i < vertices.Count; i++)
        {
            for (int k = 0; k < perSegment; k++)
            {
                double f = k / (double)perSegment;
                yield return new Coordinates(
                    vertices[i - 1].X + ((vertices[i].X - vertices[i - 1].X) * f),
                    vertices[i - 1].Y + ((vertices[i].Y - vertices[i - 1].Y) * f));
            }
        }
    }

    /// <summary>Adds one text plottable per label; call last, when axes, limits, title and legend are final.
    /// <paramref name="obstacles"/> are further points (unlabelled markers) the labels must not cover.</summary>
    public static void Place(Plot plot, ChartSize size, IReadOnlyList<PointLabel> labels, float fontSize, IReadOnlyList<Coordinates>? obstacles = null)
    {
        if (labels.Count == 0)
        {
            return;
        }

        plot.RenderInMemory(size.Width, size.Height);
        PixelRect data = plot.LastRender.DataRect;
        Pixel[] anchors = [.. labels.Select(l => plot.GetPixel(new Coordinates(l.X, l.Y)))];
        var occupied = new List<Box>(anchors
            .Concat((obstacles ?? []).Select(plot.GetPixel))
            .Select(p => new Box(p.X - MarkerRadius, p.X + MarkerRadius, p.Y - MarkerRadius, p.Y + MarkerRadius)));
        using var typeface = SKTypeface.FromFamilyName(ChartFonts.Family);
        using var font = new SKFont(typeface, fontSize);
        float height = fontSize * 1.2f;
        for (int i = 0; i < labels.Count; i++)
        {
            float width = font.MeasureText(labels[i].Text) + 2;
            (float dx, float dy, Alignment alignment, Box box) best = default;
            double bestCost = double.PositiveInfinity;
            foreach (float reach in new[] { 1f, 2.2f })
            {
                foreach ((float dx, float dy, Alignment alignment) in s_positions)
                {
                    Box box = Box.Around(anchors[i].X + (dx * reach), anchors[i].Y + (dy * reach), alignment, width, height);
                    double cost = occupied.Sum(o => o.Overlap(box)) + (box.Outside(data) * 4);
                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        best = (dx * reach, dy * reach, alignment, box);
                    }
                }

                if (bestCost == 0)
                {
                    break;
                }
            }

            occupied.Add(best.box);
            var text = plot.Add.Text(labels[i].Text, labels[i].X, labels[i].Y);
            text.LabelAlignment = best.alignment;
            text.OffsetX = best.dx;
            text.OffsetY = best.dy;
            text.LabelFontSize = fontSize;
            text.LabelFontColor = labels[i].Color;
            text.LabelFontName = ChartFonts.Family;
        }
    }

    /// <summary>A pixel rectangle (y grows downward).</summary>
    private readonly record struct Box(float Left, float Right, float Top, float Bottom)
    {
        public static Box Around(float x, float y, Alignment alignment, float width, float height)
        {
            (float left, float right) = alignment switch
            {
                Alignment.UpperLeft or Alignment.MiddleLeft or Alignment.LowerLeft => (x, x + width),
                Alignment.UpperRight or Alignment.MiddleRight or Alignment.LowerRight => (x - width, x),
                _ => (x - (width / 2), x + (width / 2)),
            };
            (float top, float bottom) = alignment switch
            {
                Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight => (y, y + height),
                Alignment.LowerLeft or Alignment.LowerCenter or Alignment.LowerRight => (y - height, y),
                _ => (y - (height / 2), y + (height / 2)),
            };
            return new Box(left, right, top, bottom);
        }

        public double Overlap(Box other) =>
            Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left)) * Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));

        /// <summary>The area of this box outside <paramref name="area"/>.</summary>
        public double Outside(PixelRect area)
        {
            double inside = Math.Max(0, Math.Min(Right, area.Right) - Math.Max(Left, area.Left)) * Math.Max(0, Math.Min(Bottom, area.Bottom) - Math.Max(Top, area.Top));
            return ((Right - Left) * (Bottom - Top)) - inside;
        }
    }
}
