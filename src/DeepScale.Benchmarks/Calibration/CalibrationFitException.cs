namespace DeepScale.Benchmarks.Calibration;

/// <summary>The measurements cannot determine a group of profile parameters; the message names the group and why.</summary>
public sealed class CalibrationFitException(string message) : Exception(message);
