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

        bool sp = options.SequenceParallel && t > 1;
        if (sp && model.SeqLen % t != 0)
        {
            throw new WorkloadSpecException("parallelism.sequence_parallel", $"tensor size {t} does not divide seq_len {model.SeqLen}");
        }

        B = options.MicroBatch;
        S = model.SeqLen;
        H = model.Hidden;
        A = model.Heads;
        G = model.KvHeads;
        D = model.HeadDim;
        Tp = t;
        R = sp ? t : 1;
        T = B * S;
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

    /// <summary>Divisor of the non-tensor-parallel regions: t with sequence parallelism, else 1.</summary>
    public double R { get; }

    /// <summary>Tokens per micro-batch (b·s).</summary>
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
    public ImmutableArray<TensorParallelExchange> ColumnParallelExchanges()
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
    /// A row-parallel GEMM (attention projection, fc2) or the vocabulary-parallel embedding: its output is
    /// all-reduced (the "g" operator), or reduce-scattered with sequence parallelism, whose backward then all-gathers
    /// the output gradient.
    /// </summary>
    public ImmutableArray<TensorParallelExchange> RowParallelExchanges()
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
