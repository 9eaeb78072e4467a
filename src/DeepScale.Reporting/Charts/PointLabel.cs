using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>Text to write next to a data point, in data coordinates.</summary>
internal readonly record struct PointLabel(string Text, double X, double Y, Color Color);
