using DeepScale.Experiments.Results;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Time-averaged utilization of each resource class (GPU compute, scale-up fabric, scale-out network, storage) per
/// configuration, as grouped bars in percent.
/// </summary>
public sealed record UtilizationChart : ReportChart
{
    private const int GroupStride = 5;

    public UtilizationChart(IReadOnlyList<LabeledResult> results)
        : base("Resource utilization")
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    public IReadOnlyList<LabeledResult> Results { get; init; }

    protected override void Build(Plot plot)
    {
        if (Results.Count == 0)
        {
            throw new ArgumentException("A utilization chart needs at least one result.", nameof(Results));
        }

        ResourceClass[] resources = Enum.GetValues<ResourceClass>();
        double top = 100;
        for (int j = 0; j < resources.Length; j++)
        {
            var bars = new List<Bar>(Results.Count);
            for (int i = 0; i < Results.Count; i++)
            {
                double percent = 100 * Read(Results[i], resources[j]);
                top = Math.Max(top, percent);
                bars.Add(new Bar
                {
                    Position = (i * GroupStride) + j - 1.5,
                    Value = percent,
                    Size = 0.9,
                    FillColor = ChartColors.For(resources[j]),
                    LineWidth = 0,
                    Label = Results.Count <= 6 ? InvariantNumber.Format(percent, 2) : "",
                });
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = Words(resources[j]);
            plottable.Color = ChartColors.For(resources[j]);
            plottable.ValueLabelStyle.FontSize = ChartStyle.AnnotationSize - 2;
        }

        string[] labels = [.. Results.Select(r => r.Label)];
        ChartStyle.CategoryTicks(plot.Axes.Bottom, labels, [.. Enumerable.Range(0, labels.Length).Select(i => (double)(i * GroupStride))]);
        ChartStyle.FitBottomCategoryLabels(plot, labels, Size.Width);
        plot.Axes.SetLimitsX(-3, ((labels.Length - 1) * GroupStride) + 3);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        ChartStyle.LinearTicks(plot.Axes.Left);
        plot.Axes.SetLimitsY(0, top * 1.1);
        plot.YLabel("utilization (% of time busy)");
        plot.XLabel("configuration");
        plot.ShowLegend(Edge.Right);
    }

    private static double Read(LabeledResult result, ResourceClass resource)
    {
        UtilizationResult u = result.Result.Utilization;
        string row = $"configuration '{result.Label}'";
        return resource switch
        {
            ResourceClass.GpuCompute => ReportText.Checked(u.GpuCompute, "utilization.gpu_compute", row),
            ResourceClass.ScaleUp => ReportText.Checked(u.ScaleUp, "utilization.scale_up", row),
            ResourceClass.ScaleOut => ReportText.Checked(u.ScaleOut, "utilization.scale_out", row),
            ResourceClass.Storage => ReportText.Checked(u.Storage, "utilization.storage", row),
            _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown resource class."),
        };
    }

    private static string Words(ResourceClass resource) => resource switch
    {
        ResourceClass.GpuCompute => "GPU compute",
        ResourceClass.ScaleUp => "scale-up fabric",
        ResourceClass.ScaleOut => "scale-out network",
        ResourceClass.Storage => "storage",
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown resource class."),
    };
}
