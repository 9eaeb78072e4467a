namespace DeepScale.Parallelism.Layout;

/// <summary>
/// The communication-overlap switches frameworks expose, with their framework defaults: PyTorch DDP overlaps the
/// gradient reduction with the backward pass; parameter gathering and tensor-parallel overlap are opt-in in
/// Megatron-Core (<c>--overlap-param-gather</c>, <c>--tp-comm-overlap</c>).
/// </summary>
public sealed record OverlapOptions
{
    /// <summary>Reduce gradient buckets as the last micro-batch's backward produces them.</summary>
    public bool GradReduce { get; init; } = true;

    /// <summary>Gather the next parameters (ZeRO-3/FSDP, distributed optimizer) while the current layer computes.</summary>
    public bool ParamGather { get; init; }

    /// <summary>Run tensor-parallel collectives beside the GEMMs that feed or consume them
    /// (<see cref="Strategies.TensorCommOverlap"/>).</summary>
    public bool TpComm { get; init; }

    /// <summary>
    /// With <see cref="TpComm"/> and sequence parallelism, Transformer Engine's userbuffers overlap (Megatron-Core's
    /// <c>--tp-comm-overlap</c>): the forward's all-gathers and reduce-scatters pipelined with their GEMMs besides the
    /// backward's. False keeps Megatron-LM's asynchronous backward collectives alone, on NCCL (spec
    /// <c>tp_comm: backward</c>).
    /// </summary>
    public bool TpCommUserbuffers { get; init; } = true;

    /// <summary>Whether tensor-parallel overlap runs Transformer Engine's userbuffers (they need sequence parallelism).</summary>
    public bool Userbuffers(bool sequenceParallel) => TpCommUserbuffers && sequenceParallel;

    /// <summary>
    /// Let a stage compute while its pipeline sends drain. Off, as in Megatron-LM's schedules, each send is batched
    /// with the next receive (<c>send_forward_recv_backward</c> and the like) and the stage waits for both before
    /// its next pass.
    /// </summary>
    public bool PpComm { get; init; }
}
