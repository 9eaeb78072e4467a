using System.Collections.Immutable;

using DeepScale.Core.Units;

using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The dimensions of a transformer on one rank as doubles (products of sizes never overflow), with the sharding
/// rules: t divides heads, key/value heads and the FFN; the vocabulary is padded to a multiple of t
/// (Megatron's make-vocab-size-divisible-by); sequence parallelism needs t to divide the sequence.
/// </summary>
internal sealed class TransformerDims
{
    public TransformerDims(TransformerModel model, AccountingOptions options)
    {
        Model = model;
        Options = options;
        int t = options.TensorParallel;
        if (model.Heads % t != 0)
        {
            throw new WorkloadSpecException("parallelism.tensor", $"{t} does not divide heads {model.Heads}");
        }

        if (model.KvHeads % t != 0)
        {
            throw new WorkloadSpecException("parallelism.tensor", $"{t} does not divide kv_heads {model.KvHeads}");
        }

        if (model.FfnHidden % t != 0)
        {
            throw new WorkloadSpecException("parallelism.tensor", $"{t} does not divide ffn_hidden {model.FfnHidden}");
        }

        int c = options.ContextParallel;
        if (c > 1 && model.SeqLen % (2 * c) != 0)
        {
            throw new WorkloadSpecException("parallelism.context", $"2·{c} load-balanced chunks do not divide seq_len {model.SeqLen}");
        }

        if (c > 1 && !options.Attention.IsFused())
        {
            throw new WorkloadSpecException("parallelism.context", $"{c} needs a fused attention kernel (training.attention flash, flash2, flash1 or flash-triton), not {options.Attention.ToString().ToLowerInvariant()}");
        }

        if (c > 1 && options.ContextCommunication == ContextCommunication.AllToAll && (model.KvHeads / t % c != 0 || model.Heads / t % c != 0))
        {
            throw new WorkloadSpecException("parallelism.context_comm",
                $"a2a splits each rank's heads over the {c} context ranks: {c} does not divide its {model.Heads / t} query and {model.KvHeads / t} key/value heads");
        }

        bool sp = options.SequenceParallel && t > 1;
        if (sp && model.SeqLen / c % t != 0)
        {
            throw new WorkloadSpecException("parallelism.sequence_parallel", c > 1
                ? $"tensor size {t} does not divide the {model.SeqLen / c} tokens of a rank's sequence share"
                : $"tensor size {t} does not divide seq_len {model.SeqLen}");
        }

        B = options.MicroBatch;
        S = model.SeqLen;
        H = model.Hidden;
        A = model.Heads;
        G = model.KvHeads;
        D = model.HeadDim;
        Tp = t;
        Cp = c;
        R = sp ? t : 1;
        T = B * S / c;
        VocabShard = (model.Vocab + t - 1) / t;
        NormParameters = model.Norm == NormKind.LayerNorm ? 2L * model.Hidden : model.Hidden;
    }

    public TransformerModel Model { get; }

    public AccountingOptions Options { get; }

    /// <summary>Micro-batch (b), sequence (s), hidden (h), heads (a), key/value heads, head dimension (d).</summary>
    public double B { get; }

    public double S { get; }

    public double H { get; }

    public double A { get; }

    public double G { get; }

    public double D { get; }

    /// <summary>Tensor-parallel size (t).</summary>
    public double Tp { get; }

    /// <summary>Context-parallel size (c): the rank holds s / c tokens of each sequence.</summary>
    public double Cp { get; }

    /// <summary>Divisor of the non-tensor-parallel regions: t with sequence parallelism, else 1.</summary>
    public double R { get; }

    /// <summary>Tokens of the micro-batch on this rank (b·s / c).</summary>
    public double T { get; }

    /// <summary>Vocabulary rows on this rank, ⌈V / t⌉.</summary>
    public long VocabShard { get; }

    public long NormParameters { get; }

    /// <summary>Parameter tensors of one normalization: LayerNorm's scale and shift, RMSNorm's scale.</summary>
    public int NormTensors => Model.Norm == NormKind.LayerNorm ? 2 : 1;

    /// <summary>Hidden size and tensor-parallel size as integers, for parameter counts.</summary>
    public long HL => Model.Hidden;

    public long TpL => Options.TensorParallel;

    private double Payload => T * H * Options.ActivationBytes;

    /// <summary>
    /// A column-parallel GEMM (QKV, fc1, logits): with sequence parallelism its input is all-gathered in forward and
    /// again in backward (for the weight gradient) and its input gradient reduce-scattered; without, its input
    /// gradient is all-reduced (the "f" operator of Shoeybi et al. 2019).
    /// </summary>
    public ImmutableArray<ModelParallelExchange> ColumnParallelExchanges()
    {
        if (Tp == 1)
        {
            return [];
        }

        var bytes = new Bytes(Payload);
        return R > 1
            ?
            [
                new(ExecutionPhase.Forward, ExchangeKind.AllGather, bytes, true),
                new(ExecutionPhase.Backward, ExchangeKind.AllGather, bytes, true),
                new(ExecutionPhase.Backward, ExchangeKind.ReduceScatter, bytes, false),
            ]
            : [new(ExecutionPhase.Backward, ExchangeKind.AllReduce, bytes, false)];
    }

    /// <summary>
    /// Context-parallel attention's exchanges of keys and values. All-gather form: the whole sequence's keys and
    /// values are gathered before the attention kernel, gathered again for the backward kernel (they are not kept),
    /// and their gradients reduce-scattered back to the ranks that own them. Ring form (Megatron-Core's default): the
    /// same gather arrives shard by shard, each shard's attention computed while the next travels; in the backward
    /// pass each shift carries a key/value shard and the gradient accumulated for the previous one, and a last shift
    /// returns the final gradients to their owners after the compute.
    /// </summary>
    /// <param name="keyValueBytes">Keys and values of this rank's share of the sequence.</param>
    public ImmutableArray<ModelParallelExchange> ContextExchanges(double keyValueBytes)
    {
        if (Cp == 1)
        {
            return [];
        }

        var gathered = new Bytes(keyValueBytes * Cp);
        if (Options.ContextCommunication == ContextCommunication.AllToAll)
        {
            throw new InvalidOperationException("the all-to-all form's exchanges are the attention's (AllToAllExchanges)");
        }

        if (Options.ContextCommunication == ContextCommunication.P2P)
        {
            int ring = (int)Cp;
            return
            [
                new(ExecutionPhase.Forward, ExchangeKind.AllGather, gathered, true) { Group = ExchangeGroup.Context, Ring = ring },
                new(ExecutionPhase.Backward, ExchangeKind.AllGather, gathered * 2, true) { Group = ExchangeGroup.Context, Ring = ring },
                new(ExecutionPhase.Backward, ExchangeKind.SendRecv, new Bytes(keyValueBytes), false) { Group = ExchangeGroup.Context, Ring = ring },
            ];
        }

        return
        [
            new(ExecutionPhase.Forward, ExchangeKind.AllGather, gathered, true) { Group = ExchangeGroup.Context },
            new(ExecutionPhase.Backward, ExchangeKind.AllGather, gathered, true) { Group = ExchangeGroup.Context },
            new(ExecutionPhase.Backward, ExchangeKind.ReduceScatter, gathered, false) { Group = ExchangeGroup.Context },
        ];
    }

    /// <summary>
    /// Context-parallel attention in the all-to-all form: the rank's queries, keys and values go out before the
    /// kernel (each rank keeps the whole sequence for 1 / c of the heads) and its output comes back after it; the
    /// backward pass exchanges the output gradient before the kernel and the query, key and value gradients after.
    /// </summary>
    /// <param name="qkvBytes">Queries, keys and values of this rank's tokens and heads.</param>
    /// <param name="outputBytes">The attention output of this rank's tokens and heads.</param>
    public ImmutableArray<ModelParallelExchange> AllToAllExchanges(double qkvBytes, double outputBytes) => Cp == 1 ? [] :
    [
        new(ExecutionPhase.Forward, ExchangeKind.AllToAll, new Bytes(qkvBytes), true) { Group = ExchangeGroup.Context },
        new(ExecutionPhase.Forward, ExchangeKind.AllToAll, new Bytes(outputBytes), false) { Group = ExchangeGroup.Context },
        new(ExecutionPhase.Backward, ExchangeKind.AllToAll, new Bytes(outputBytes), true) { Group = ExchangeGroup.Context },
        new(ExecutionPhase.Backward, ExchangeKind.AllToAll, new Bytes(qkvBytes), false) { Group = ExchangeGroup.Context },
    ];

    /// <summary>
    /// A row-parallel GEMM (attention projection, fc2) or the vocabulary-parallel embedding: its output is
    /// all-reduced (the "g" operator), or reduce-scattered with sequence parallelism, whose backward then all-gathers
    /// the output gradient.
    /// </summary>
    public ImmutableArray<ModelParallelExchange> RowParallelExchanges()
    {
        if (Tp == 1)
        {
            return [];
        }

        var bytes = new Bytes(Payload);
        return R > 1
            ?
            [
                new(ExecutionPhase.Forward, ExchangeKind.ReduceScatter, bytes, false),
                new(ExecutionPhase.Backward, ExchangeKind.AllGather, bytes, true),
            ]
            : [new(ExecutionPhase.Forward, ExchangeKind.AllReduce, bytes, false)];
    }
}
