using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// A collective among the model-parallel ranks of a layer that an operator's sharding requires, as data: the
/// parallelism layer turns it into a communication op on the group it names. Tensor-parallel exchanges exist only when
/// the tensor-parallel size is above one, context-parallel ones only when the context-parallel size is.
/// </summary>
/// <param name="Phase">Forward or backward pass.</param>
/// <param name="Kind">All-reduce, all-gather, reduce-scatter or a ring shift.</param>
/// <param name="Payload">Size of the full (unsharded) tensor on one rank: the all-reduced tensor, the gathered output, the reduce-scatter input, what one rank sends in a ring shift, or an all-to-all's input on one rank.</param>
/// <param name="BeforeOperator">True when the collective produces the operator's input, false when it consumes its output.</param>
public sealed record ModelParallelExchange(ExecutionPhase Phase, ExchangeKind Kind, Bytes Payload, bool BeforeOperator)
{
    /// <summary>The ranks that take part: the tensor-parallel group (the default) or the context-parallel group.</summary>
    public ExchangeGroup Group { get; init; } = ExchangeGroup.Tensor;

    /// <summary>
    /// 0 for a collective that runs whole; otherwise the group size of a ring exchange interleaved with the operator's
    /// compute (context parallelism's point-to-point form): a gather before the operator arrives as
    /// <see cref="Ring"/> − 1 shifts of Payload / Ring, one per chunk of the operator's compute, and a
    /// <see cref="ExchangeKind.SendRecv"/> after it is the last shift, left when the compute is done.
    /// </summary>
    public int Ring { get; init; }

    /// <summary>
    /// What the exchange holds in memory beside the operator's own tensors: a whole all-gather's output, or a ring's
    /// two in-flight shards (the one computed on and the one arriving).
    /// </summary>
    public Bytes Transient => Kind != ExchangeKind.AllGather ? Bytes.Zero
        : Ring > 0 ? new Bytes(2 * Payload.Count / Ring)
        : Payload;
}
