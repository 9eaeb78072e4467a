using DeepScale.Core.Units;

using DeepScale.Workloads.Accounting;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// The time one operator occupies its device stream in each phase of a training step. Each phase is
/// max(host issue time, launch latency + kernel body) per kernel: whichever of host and device is slower sets the pace.
/// </summary>
/// <param name="Operator">The operator timed.</param>
/// <param name="Forward">Forward kernel(s).</param>
/// <param name="BackwardInput">Input-gradient kernel(s) (for fused attention, its whole backward).</param>
/// <param name="BackwardWeight">Weight-gradient kernel.</param>
public sealed record OperatorTiming(Operator Operator, Duration Forward, Duration BackwardInput, Duration BackwardWeight)
{
    /// <summary>The forward pass again inside the backward pass, when the operator is recomputed.</summary>
    public Duration Recompute => Operator.Recomputed ? Forward : Duration.Zero;

    /// <summary>Input- plus weight-gradient time (recomputation excluded).</summary>
    public Duration Backward => BackwardInput + BackwardWeight;

    /// <summary>Forward + backward + recompute.</summary>
    public Duration Total => Forward + Backward + Recompute;
}
