using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>One operation as it ran on a rank's stream, for traces.</summary>
public readonly record struct TraceSpan(int Rank, StreamKind Stream, string Name, TimeCategory Category, SimTime Start, SimTime End, int FlowId = -1);
