namespace DeepScale.Hardware.Collectives;

/// <summary>
/// One round of a <see cref="LockStepProgram"/>: every member stream of the pattern sends
/// <see cref="WireBytes"/>, all at the same rate; the round ends <see cref="LatencyTicks"/> after the last byte.
/// </summary>
/// <param name="Pattern">Index of the round's link usage in <see cref="LockStepProgram.Patterns"/>.</param>
/// <param name="WireBytes">Bytes each member stream puts on the wire (payload over the protocol's efficiency).</param>
/// <param name="LatencyTicks">Latency of the round (ticks of 10 ps).</param>
/// <param name="Phase">Algorithm phase the round belongs to (a link-load view aggregates rounds by phase).</param>
internal readonly record struct LockStepRound(int Pattern, double WireBytes, long LatencyTicks, int Phase);
