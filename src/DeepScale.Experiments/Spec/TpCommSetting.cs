namespace DeepScale.Experiments.Spec;

/// <summary>The values of <c>parallelism.overlap.tp_comm</c>.</summary>
internal enum TpCommSetting
{
    /// <summary>Every tensor-parallel collective blocks.</summary>
    Off,

    /// <summary>Every overlap: Megatron-LM's backward ones and, with sequence parallelism, Transformer Engine's userbuffers.</summary>
    On,

    /// <summary>Megatron-LM's asynchronous backward collectives alone, on NCCL (no userbuffers).</summary>
    Backward,
}
