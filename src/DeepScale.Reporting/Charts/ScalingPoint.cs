namespace DeepScale.Reporting.Charts;

/// <summary>One point of a scaling series, in the units the chart plots.</summary>
internal readonly record struct ScalingPoint(int Gpus, double Value, bool Fits);
