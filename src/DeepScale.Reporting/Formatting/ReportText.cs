using DeepScale.Experiments.Results;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Reporting.Formatting;

/// <summary>The words and keys reports use for the enums of the schedule and result contract.</summary>
internal static class ReportText
{
    /// <summary>The <c>breakdown_s</c> key of a time category ("exposed_tp_comm").</summary>
    public static string Key(TimeCategory category) => category switch
    {
        TimeCategory.Forward => "forward",
        TimeCategory.Backward => "backward",
        TimeCategory.Recompute => "recompute",
        TimeCategory.Optimizer => "optimizer",
        TimeCategory.PipelineBubble => "pipeline_bubble",
        TimeCategory.ExposedTpComm => "exposed_tp_comm",
        TimeCategory.ExposedPpComm => "exposed_pp_comm",
        TimeCategory.ExposedDpComm => "exposed_dp_comm",
        TimeCategory.DataStall => "data_stall",
        _ => Snake(category.ToString(), '_'),
    };

    /// <summary>A time category for a legend ("exposed TP comm").</summary>
    public static string Words(TimeCategory category) => category switch
    {
        TimeCategory.Forward => "forward",
        TimeCategory.Backward => "backward",
        TimeCategory.Recompute => "recompute",
        TimeCategory.Optimizer => "optimizer step",
        TimeCategory.PipelineBubble => "pipeline bubble",
        TimeCategory.ExposedTpComm => "exposed TP comm",
        TimeCategory.ExposedPpComm => "exposed PP comm",
        TimeCategory.ExposedDpComm => "exposed DP comm",
        TimeCategory.DataStall => "data stall",
        _ => Snake(category.ToString(), ' '),
    };

    /// <summary>A stream for a track name ("data comm").</summary>
    public static string Words(StreamKind stream) => stream switch
    {
        StreamKind.Compute => "compute",
        StreamKind.ActivationSend => "activation send",
        StreamKind.GradientSend => "gradient send",
        StreamKind.TensorComm => "tensor comm",
        StreamKind.DataComm => "data comm",
        StreamKind.DataLoad => "data load",
        _ => Snake(stream.ToString(), ' '),
    };

    /// <summary>The seconds of <paramref name="category"/> in a result's <c>breakdown_s</c>.</summary>
    public static double Seconds(BreakdownResult breakdown, TimeCategory category) => category switch
    {
        TimeCategory.Forward => breakdown.Forward,
        TimeCategory.Backward => breakdown.Backward,
        TimeCategory.Recompute => breakdown.Recompute,
        TimeCategory.Optimizer => breakdown.Optimizer,
        TimeCategory.PipelineBubble => breakdown.PipelineBubble,
        TimeCategory.ExposedTpComm => breakdown.ExposedTpComm,
        TimeCategory.ExposedPpComm => breakdown.ExposedPpComm,
        TimeCategory.ExposedDpComm => breakdown.ExposedDpComm,
        TimeCategory.DataStall => breakdown.DataStall,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown time category."),
    };

    /// <summary>"ExposedTpComm" → "exposed_tp_comm" (or with spaces): names for enum members added after this file.</summary>
    private static string Snake(string pascal, char separator)
    {
        var text = new System.Text.StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                text.Append(separator);
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }

    /// <summary>A finite, non-negative value, or an exception naming the column and the configuration.</summary>
    public static double Checked(double value, string column, string row)
    {
        if (!double.IsFinite(value))
        {
            throw new NonFiniteValueException(column, row, value);
        }

        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(column, value, $"{row}: column {column} is negative ({value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        return value;
    }
}
