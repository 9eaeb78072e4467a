namespace DeepScale.Core.Units;

/// <summary>
/// A time beyond the simulator's clock: durations and event times count 10 ps ticks in 64 bits, about 2.9 years.
/// A scenario whose iteration lasts that long (a large model on a single slow device, a huge batch) has no answer.
/// </summary>
public sealed class ClockRangeException(string paramName, object? actualValue, string message)
    : ArgumentOutOfRangeException(paramName, actualValue, message);
