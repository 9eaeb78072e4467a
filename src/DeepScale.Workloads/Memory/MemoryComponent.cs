using DeepScale.Core.Units;

namespace DeepScale.Workloads.Memory;

/// <summary>One named part of a rank's peak memory, e.g. <c>optimizer_states</c> or <c>temporary.logits</c>.</summary>
public sealed record MemoryComponent(string Name, Bytes Size);
