using DeepScale.Experiments.HostValidation;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Files;
using DeepScale.Reporting.Inputs;

using SkiaSharp;

namespace DeepScale.Cli.Commands;

/// <summary>
/// The chart of host validation (<c>results/validation/host-cpu.png</c>): on the left every compared quantity
/// predicted against measured with the ±10% band (step times and each configuration's parts), on the right the
/// scaling curve, step time against worker processes, predicted and measured, with the measured spread as thin
/// min and max lines. The two panels are drawn at the standard chart size and placed side by side.
/// </summary>
public static class HostValidationChart
{
    /// <summary>The PNG bytes.</summary>
    public static byte[] Png(HostValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PredictionComparison[] points =
        [
            .. result.Rows
                .Where(r => r.Measured.Ticks > 0 && r.Predicted.Ticks > 0)
                .Select(r => new PredictionComparison($"K={r.Workers} {HostComparisonRow.PartName(r.Part)}", r.Predicted.Seconds * 1e3, r.Measured.Seconds * 1e3)),
        ];
        byte[] left = Chart.PredictedVsMeasured(points, "time per step (ms)").WithTitle("host-cpu: predicted vs measured (±10%)").ToPng();

        IReadOnlyList<HostComparisonRow> steps = result.StepRows;
        double[] k = [.. steps.Select(r => (double)r.Workers)];
        LineSeries[] series =
        [
            new("predicted step time", k, [.. steps.Select(r => r.Predicted.Seconds * 1e3)]),
            new("measured step time (median)", k, [.. steps.Select(r => r.Measured.Seconds * 1e3)], Measured: true),
            new("measured, fastest run", k, [.. steps.Select(r => r.MeasuredMin.Seconds * 1e3)], Measured: true),
            new("measured, slowest run", k, [.. steps.Select(r => r.MeasuredMax.Seconds * 1e3)], Measured: true),
        ];
        byte[] right = (Chart.Lines(series, "worker processes K (log2 scale)", "step time (ms)") with { XAxis = LineAxis.Log2Count })
            .WithTitle("host-cpu: scaling of the real trainer").ToPng();
        return SideBySide(left, right);
    }

    /// <summary>Writes the PNG atomically.</summary>
    public static void Save(HostValidationResult result, string path) => AtomicFile.WriteAllBytes(path, Png(result));

    private static byte[] SideBySide(byte[] left, byte[] right)
    {
        using SKBitmap a = SKBitmap.Decode(left);
        using SKBitmap b = SKBitmap.Decode(right);
        var info = new SKImageInfo(a.Width + b.Width, Math.Max(a.Height, b.Height));
        using SKSurface surface = SKSurface.Create(info);
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(a, 0, 0);
        canvas.DrawBitmap(b, a.Width, 0);
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
