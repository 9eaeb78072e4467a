namespace DeepScale.Parallelism.Layout;

/// <summary>
/// The order in which the grid's dimensions are laid onto consecutive global ranks (and so onto GPUs, which fill
/// nodes in rank order), innermost first.
/// </summary>
public enum RankPlacement
{
    /// <summary>Tensor ranks adjacent (inside a node), then pipeline stages, then data replicas outermost.</summary>
    TensorPipelineData,

    /// <summary>Tensor ranks adjacent, then data replicas, then pipeline stages outermost (Megatron-LM's default
    /// order in <c>initialize_model_parallel</c>).</summary>
    TensorDataPipeline,
}
