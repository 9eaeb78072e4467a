using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// A collective among the tensor-parallel ranks that an operator's sharding requires, as data: the parallelism layer
/// turns it into a communication op. Present only when the tensor-parallel size is above one.
/// </summary>
/// <param name="Phase">Forward or backward pass.</param>
/// <param name="Kind">All-reduce, all-gather or reduce-scatter.</param>
/// <param name="Payload">Size of the full (unsharded) tensor on one rank: the all-reduced tensor, the gathered output, or the reduce-scatter input.</param>
/// <param name="BeforeOperator">True when the collective produces the operator's input, false when it consumes its output.</param>
public sealed record TensorParallelExchange(ExecutionPhase Phase, ExchangeKind Kind, Bytes Payload, bool BeforeOperator);
