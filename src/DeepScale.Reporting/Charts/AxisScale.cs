namespace DeepScale.Reporting.Charts;

/// <summary>How an axis maps values to distance.</summary>
public enum AxisScale
{
    Linear,

    /// <summary>Base-10 logarithmic; only positive values can be shown.</summary>
    Log,
}
