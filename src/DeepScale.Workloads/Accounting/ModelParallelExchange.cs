using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// A collective among the model-parallel ranks of a layer that an operator's sharding requires, as data: the
/// parallelism layer turns it into a communication op on the group it names. Tensor-parallel exchanges exist only when
/// the tensor-parallel size is above one, context-parallel ones only when the context-parallel size is.
/// </summary>
/// <param name="Phase">Forward or backward pass.</param>
/// <param name="Kind">All-reduce, all-gather or reduce-scatter.</param>
/// <param name="Payload">Size of the full (unsharded) tensor on one rank: the all-reduced tensor, the gathered output, or the reduce-scatter input.</param>
/// <param name="BeforeOperator">True when the collective produces the operator's input, false when it consumes its output.</param>
public sealed record ModelParallelExchange(ExecutionPhase Phase, ExchangeKind Kind, Bytes Payload, bool BeforeOperator)
{
    /// <summary>The ranks that take part: the tensor-parallel group (the default) or the context-parallel group.</summary>
    public ExchangeGroup Group { get; init; } = ExchangeGroup.Tensor;
}
