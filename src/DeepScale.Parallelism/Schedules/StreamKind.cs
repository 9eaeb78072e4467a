namespace DeepScale.Parallelism.Schedules;

/// <summary>
/// The queues a rank issues work on, as a framework does with CUDA streams: operations on one stream run in order,
/// operations on different streams overlap unless a dependency orders them.
/// </summary>
public enum StreamKind
{
    /// <summary>Kernels of the model, and every communication the framework waits for synchronously (Megatron's
    /// tensor-parallel all-reduces and pipeline receives).</summary>
    Compute,

    /// <summary>
    /// Pipeline sends of activations to the next stage: posted when the forward pass that produced them ends,
    /// completed when the receiver has taken them; the sender's compute goes on meanwhile (Megatron batches each
    /// send with the next receive, so a stage never blocks on a send alone).
    /// </summary>
    ActivationSend,

    /// <summary>Pipeline sends of gradients to the previous stage, independent of the activation sends (NCCL
    /// point-to-point operations to different peers progress independently).</summary>
    GradientSend,

    /// <summary>Tensor-parallel collectives overlapped with GEMMs (<c>overlap.tp_comm</c>); the compute op that needs
    /// their result waits for them.</summary>
    TensorComm,

    /// <summary>Data-parallel gradient reduction, overlapped with compute.</summary>
    DataComm,

    /// <summary>Prefetched gathers of sharded parameters (ZeRO-3 / FSDP), on a stream of their own as FSDP does, so
    /// they do not queue behind gradient reductions.</summary>
    ParamComm,

    /// <summary>Host data loading: storage reads and CPU preprocessing of the next batches.</summary>
    DataLoad,
}
