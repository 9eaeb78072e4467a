namespace DeepScale.Experiments.Sweeps;

/// <summary>A valid point whose simulation failed: the point and the one-line reason.</summary>
/// <param name="Point">The point.</param>
/// <param name="Message">What went wrong, one line (the exception's type and message).</param>
public sealed record SweepPointFailure(SweepPoint Point, string Message);
