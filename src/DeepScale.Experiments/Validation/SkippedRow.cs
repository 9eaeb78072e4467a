namespace DeepScale.Experiments.Validation;

/// <summary>A reference row a suite did not compare, and why: it cannot be expressed, or its simulation failed.</summary>
/// <param name="Label">Which row (experiment, model, size).</param>
/// <param name="Reason">One line: what is missing or what went wrong.</param>
/// <param name="Kind">Not expressible (reported) or failed (a defect: <c>--check</c> fails).</param>
public sealed record SkippedRow(string Label, string Reason, SkipKind Kind = SkipKind.NotExpressible);
