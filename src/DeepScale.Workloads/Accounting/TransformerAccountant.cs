using System.Collections.Immutable;

using DeepScale.Core.Units;

using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The operators of a transformer on one tensor-parallel rank, following Megatron-LM's sharding (Shoeybi et al.
/// 2019) and the activation accounting of Korthikanti et al. 2022 (Sec. 4, Table 2): with 16-bit activations and
/// no parallelism a layer keeps sbh·(34 + 5as/h) bytes; tensor parallelism divides the 24sbh of the sharded GEMM
/// inputs and the 5as²b of the attention core by t; sequence parallelism divides the remaining 10sbh as well.
/// </summary>
internal static class TransformerAccountant
{
    public static ImmutableArray<LayerAccount> Account(TransformerModel model, AccountingOptions options)
    {
        var x = new TransformerDims(model, options);
        var layers = new List<LayerAccount> { Embedding(x) };
        for (int i = 0; i < model.Layers; i++)
        {
            layers.Add(Block(x, i + 1));
        }

        layers.Add(Head(x, (int)model.Layers + 1));
        return [.. layers];
    }

    private static LayerAccount Embedding(TransformerDims x)
    {
        var ob = new OperatorBuilder(0, x.Options);
        double e = ob.E, th = x.T * x.H, thr = th / x.R;
        var ops = new List<Operator>();
        TransformerModel m = x.Model;
        if (m.Patches is { } p)
        {
            double inputBytes = x.B * p.Channels * (double)p.ImageSize * p.ImageSize * e;
            double k = p.Channels * (double)p.PatchSize * p.PatchSize;
            ops.Add(ob.Convolution("embed.patch", x.B * p.Patches, x.H, k, inputBytes, x.B * p.Patches * x.H * e,
                (long)k * x.HL + x.HL, inputBytes, inputGradient: false));
            ops.Add(ob.Memory("embed.position", OperatorKind.ElementWise, th, 2 * th * e, th * e, 0, 0,
                parameters: ((long)x.S * x.HL) + x.HL, backwardWeight: WorkAmount.Of(th, th * e, x.S * x.H * e)));
        }
        else
        {
            ops.Add(ob.Memory("embed.word", OperatorKind.EmbeddingLookup, 0, th * e, th * e, 0, 0,
                parameters: x.VocabShard * x.HL, exchanges: x.RowParallelExchanges(),
                backwardWeight: WorkAmount.Of(th, 2 * th * e, th * e)));
            if (m.Positions == PositionEmbeddingKind.Learned)
            {
                long positionParameters = ((long)x.S + m.TokenTypes) * x.HL;
                ops.Add(ob.Memory("embed.position", OperatorKind.ElementWise, th * (m.TokenTypes > 0 ? 2 : 1),
                    (m.TokenTypes > 0 ? 3 : 2) * th * e, th * e, 0, 0, parameters: positionParameters,
                    backwardWeight: WorkAmount.Of(th, th * e, positionParameters * e)));
            }
        }

        if (m.Family == ModelFamily.Bert)
        {
            ops.Add(ob.Norm("embed.norm", thr, x.NormParameters, tensors: x.NormTensors));
        }

        if (m.Dropout)
        {
            ops.Add(ob.Memory("embed.dropout", OperatorKind.Dropout, thr, thr * e, thr * (e + 1), thr * (e + 1), thr * e,
                savedBytes: thr));
        }

        return new LayerAccount(0, "embedding", LayerKind.Embedding, [.. ops]);
    }

    private static LayerAccount Block(TransformerDims x, int index)
    {
        var ob = new OperatorBuilder(index, x.Options);
        TransformerModel m = x.Model;
        double e = ob.E, t = x.Tp, thr = x.T * x.H / x.R;
        double qkvWidth = (x.A + (2.0 * x.G)) * x.D / t;
        var drafts = new List<Draft>();

        void Add(Operator op, bool core = false, double? selectiveSaved = null) =>
            drafts.Add(new Draft(op, core, selectiveSaved ?? op.SavedActivations.Count));

        bool postNorm = m.Family == ModelFamily.Bert;
        if (!postNorm)
        {
            Add(ob.Norm("attn.norm", thr, x.NormParameters, tensors: x.NormTensors));
        }

        Add(ob.Linear("attn.qkv", x.T, qkvWidth, x.H,
            (long)(x.H * qkvWidth) + (m.Biases ? (long)qkvWidth : 0), thr * e, x.ColumnParallelExchanges(),
            bias: m.Biases ? (long)qkvWidth : 0));
        if (m.Positions == PositionEmbeddingKind.Rotary)
        {
            double rotated = x.T * (x.A + x.G) * x.D / t;
            Add(ob.Memory("attn.rotary", OperatorKind.ElementWise, 3 * rotated, rotated * e, rotated * e, rotated * e, rotated * e));
        }

        AddAttention(x, ob, Add);

        Add(ob.Linear("attn.proj", x.T, x.H, x.A * x.D / t,
            ((long)m.Heads * m.HeadDim * x.HL / x.TpL) + (m.Biases ? x.HL : 0), x.T * x.A * x.D / t * e, x.RowParallelExchanges(),
            bias: m.Biases ? x.HL : 0));
        AddResidual(x, ob, "attn", Add);
        if (postNorm)
        {
            Add(ob.Norm("attn.norm", thr, x.NormParameters, tensors: x.NormTensors));
        }
        else
        {
            Add(ob.Norm("mlp.norm", thr, x.NormParameters, tensors: x.NormTensors));
        }

        double fc1Width = (m.Mlp == MlpKind.SwiGlu ? 2.0 : 1.0) * m.FfnHidden / t;
        double inner = x.T * m.FfnHidden / t;
        Add(ob.Linear("mlp.fc1", x.T, fc1Width, x.H,
            (long)(x.H * fc1Width) + (m.Biases ? (long)fc1Width : 0), thr * e, x.ColumnParallelExchanges(),
            bias: m.Biases ? (long)fc1Width : 0));
        if (m.Mlp == MlpKind.SwiGlu)
        {
            Add(ob.Memory("mlp.swiglu", OperatorKind.ElementWise, 6 * inner, 2 * inner * e, inner * e, 3 * inner * e, 2 * inner * e,
                savedBytes: 2 * inner * e));
        }
        else
        {
            if (m.Biases && !x.Options.FusedElementwise)
            {
                Add(ob.Memory("mlp.bias", OperatorKind.ElementWise, inner, inner * e, inner * e, 0, 0,
                    backwardWeight: WorkAmount.Of(inner, inner * e, m.FfnHidden / t * e)));
            }

            // Fused with the bias, the backward also reduces the gradient over the tokens for the bias (autograd's
            // sum to the bias's shape: one more read of it).
            bool biasGelu = m.Biases && x.Options.FusedElementwise;
            Add(ob.Memory(biasGelu ? "mlp.bias_gelu" : "mlp.gelu", OperatorKind.ElementWise, 8 * inner, inner * e, inner * e,
                (biasGelu ? 3 : 2) * inner * e, inner * e, savedBytes: inner * e));
        }

        Add(ob.Linear("mlp.fc2", x.T, x.H, m.FfnHidden / t,
            ((long)m.FfnHidden / x.TpL * x.HL) + (m.Biases ? x.HL : 0), inner * e, x.RowParallelExchanges(),
            bias: m.Biases ? x.HL : 0));
        AddResidual(x, ob, "mlp", Add);
        if (postNorm)
        {
            Add(ob.Norm("mlp.norm", thr, x.NormParameters, tensors: x.NormTensors));
        }

        return ApplyRecompute(index, $"layer.{index - 1}", drafts, x.Options, ob.Precision);
    }

    private static void AddAttention(TransformerDims x, OperatorBuilder ob, Action<Operator, bool, double?> add)
    {
        TransformerModel m = x.Model;
        double e = ob.E, t = x.Tp;
        double heads = x.A / t, kvHeads = x.G / t;
        double q = x.T * x.A * x.D / t, kv = x.T * x.G * x.D / t;
        if (x.Options.Attention.IsFused())
        {
            // Forward: QKᵀ and PV, 2·2·b·s²·d per head. Backward recomputes QKᵀ and adds dV, dP, dQ, dK: five
            // products against two (Dao 2023, FlashAttention-2, Sec. 3.1.2). Keeps Q, K, V and the fp32
            // log-sum-exp per row; dropout masks are regenerated from the RNG state, never stored.
            // With context parallelism the rank's s / c queries attend to the gathered keys and values of the whole
            // sequence, which the kernel reads on top of the local ones.
            double queries = x.S / x.Cp;
            double flops = 4 * x.B * heads * queries * x.S * x.D;
            double lse = 4 * x.B * heads * queries;
            // The all-to-all form instead gives the rank the whole sequence for 1 / c of its heads: the same work
            // and the same bytes of queries, keys and values, none of them remote.
            bool headSplit = x.Cp > 1 && x.Options.ContextCommunication == ContextCommunication.AllToAll;
            double qkv = (q + (2 * kv)) * e;
            double remoteKv = headSplit ? 0 : 2 * kv * e * (x.Cp - 1);
            var op = new Operator("attn.flash", ob.LayerIndex, OperatorKind.FusedAttention, ob.Precision,
                WorkAmount.Of(flops, qkv + remoteKv, (q * e) + lse),
                WorkAmount.Of(2.5 * flops, qkv + remoteKv + (2 * q * e) + lse, qkv + remoteKv),
                WorkAmount.Zero, 0, new Bytes(qkv + lse))
            {
                Attention = headSplit
                    ? new AttentionShape((long)x.B, (long)(heads / x.Cp), (long)(kvHeads / x.Cp), (long)x.S, (long)x.D, m.Causal) { Kernel = x.Options.Attention }
                    : new AttentionShape((long)x.B, (long)heads, (long)kvHeads, (long)x.S, (long)x.D, m.Causal)
                    {
                        Kernel = x.Options.Attention,
                        QueryLen = x.Cp > 1 ? (long)queries : null,
                    },
                Exchanges = headSplit ? x.AllToAllExchanges(qkv, q * e) : x.ContextExchanges(2 * kv * e),
            };
            add(op, false, null);
            return;
        }

        double n = x.B * heads * x.S * x.S;
        add(ob.BatchedMatmul("attn.scores", x.B * heads, x.S, x.S, x.D, (q + kv) * e), true, (q + kv) * e);
        if (x.Options.FusedElementwise)
        {
            // Megatron's fused scale-mask-softmax: one pass over the scores in the activation precision.
            add(ob.Memory("attn.softmax", OperatorKind.Softmax, 5 * n, n * e, n * e, 2 * n * e, n * e, savedBytes: n * e), true, 0);
        }
        else
        {
            // Unfused, Megatron-LM computes the softmax in fp32 for 16-bit activations (FusedScaleMaskSoftmax's
            // torch path with attention_softmax_in_fp32, which the default query-key layer scaling forces): the
            // scores are cast up, scaled, masked, normalized and cast back, each a separate pass over b·a·s²
            // values, and the fp32 probabilities are kept for the backward pass.
            double f = Math.Max(e, 4);
            if (f > e)
            {
                add(ob.Memory("attn.upcast", OperatorKind.ElementWise, n, n * e, n * f, n * f, n * e), true, 0);
            }

            add(ob.Memory("attn.scale", OperatorKind.ElementWise, n, n * f, n * f, n * f, n * f), true, 0);
            if (m.Causal)
            {
                add(ob.Memory("attn.mask", OperatorKind.ElementWise, n, n * f, n * f, n * f, n * f), true, 0);
            }

            add(ob.Memory("attn.softmax", OperatorKind.Softmax, 5 * n, n * f, n * f, 2 * n * f, n * f, savedBytes: n * f), true, 0);
            if (f > e)
            {
                add(ob.Memory("attn.downcast", OperatorKind.ElementWise, n, n * f, n * e, n * e, n * f), true, 0);
            }
        }

        if (m.Dropout)
        {
            add(ob.Memory("attn.dropout", OperatorKind.Dropout, n, n * e, n * (e + 1), n * (e + 1), n * e, savedBytes: n), true, 0);
        }

        // The probabilities are saved by the softmax; the dropout output is a separate tensor the context GEMM keeps.
        double contextSaved = (m.Dropout ? n * e : 0) + (kv * e);
        add(ob.BatchedMatmul("attn.context", x.B * heads, x.S, x.D, x.S, contextSaved), true, kv * e);
    }

    private static void AddResidual(TransformerDims x, OperatorBuilder ob, string prefix, Action<Operator, bool, double?> add)
    {
        TransformerModel m = x.Model;
        double e = ob.E, n = x.T * x.H / x.R;
        // The block's input feeds both the branch and the residual sum, so autograd adds the two gradients that
        // reach it (torch/csrc/autograd/input_buffer.cpp, InputBuffer::add): one more pass reading two tensors and
        // writing one, in every form below.
        double accumulateRead = 2 * n * e, accumulateWritten = n * e;
        if (x.Options.FusedElementwise)
        {
            string name = prefix + "." + string.Join('_', new[] { m.Biases ? "bias" : "", m.Dropout ? "dropout" : "", "add" }.Where(w => w.Length > 0));
            // A fused bias's gradient is the branch gradient summed over the tokens: one more read of it.
            double biasRead = m.Biases ? n * e : 0;
            add(m.Dropout
                ? ob.Memory(name, OperatorKind.Dropout, 3 * n, 2 * n * e, n * (e + 1),
                    (n * (e + 1)) + biasRead + accumulateRead, (n * e) + accumulateWritten, savedBytes: n)
                : ob.Memory(name, OperatorKind.ElementWise, 2 * n, 2 * n * e, n * e, biasRead + accumulateRead, accumulateWritten), false, null);
            return;
        }

        if (m.Biases)
        {
            add(ob.Memory(prefix + ".bias", OperatorKind.ElementWise, n, n * e, n * e, 0, 0,
                backwardWeight: WorkAmount.Of(n, n * e, x.H * e)), false, null);
        }

        if (m.Dropout)
        {
            add(ob.Memory(prefix + ".dropout", OperatorKind.Dropout, n, n * e, n * (e + 1), n * (e + 1), n * e, savedBytes: n), false, null);
        }

        add(ob.Memory(prefix + ".residual", OperatorKind.ElementWise, n, 2 * n * e, n * e, accumulateRead, accumulateWritten), false, null);
    }

    private static LayerAccount Head(TransformerDims x, int index)
    {
        var ob = new OperatorBuilder(index, x.Options);
        TransformerModel m = x.Model;
        double e = ob.E, th = x.T * x.H, thr = th / x.R;
        var ops = new List<Operator>();
        if (m.Family == ModelFamily.Vit)
        {
            // Final norm over all tokens, then a replicated classifier on the class token only.
            double classes = m.Vocab;
            ops.Add(ob.Norm("head.norm", thr, x.NormParameters, tensors: x.NormTensors));
            ops.Add(ob.Linear("head.classifier", x.B, classes, x.H, (x.HL * m.Vocab) + m.Vocab, x.B * x.H * e, []));
            ops.Add(Loss(ob, x.B, classes, [], x.Options.FusedLoss));
            return new LayerAccount(index, "head", LayerKind.Head, [.. ops]);
        }

        if (m.Family == ModelFamily.Bert)
        {
            // Masked-LM transform (replicated): dense h×h, GeLU, LayerNorm, then the tied decoder with its own bias.
            ops.Add(ob.Linear("head.transform", x.T, x.H, x.H, (x.HL * x.HL) + x.HL, th * e, []));
            ops.Add(ob.Memory("head.gelu", OperatorKind.ElementWise, 8 * th, th * e, th * e, 2 * th * e, th * e, savedBytes: th * e));
            ops.Add(ob.Norm("head.norm", th, x.NormParameters, tensors: x.NormTensors));
        }
        else
        {
            ops.Add(ob.Norm("head.norm", thr, x.NormParameters, tensors: x.NormTensors));
        }

        long matrix = x.VocabShard * x.HL;
        long owned = (m.TiedEmbeddings ? 0 : matrix) + (m.Biases && m.Family == ModelFamily.Bert ? x.VocabShard : 0);
        ops.Add(ob.Linear("head.logits", x.T, x.VocabShard, x.H, owned,
            (m.Family == ModelFamily.Bert ? th : thr) * e, x.ColumnParallelExchanges(),
            tiedParameters: m.TiedEmbeddings ? matrix : 0));

        // Vocabulary-parallel cross-entropy (Megatron): three fp32 values per token (max, sum of exponentials,
        // target logit) are all-reduced across the tensor-parallel group.
        ImmutableArray<ModelParallelExchange> lossExchange = x.Tp > 1
            ? [new ModelParallelExchange(ExecutionPhase.Forward, ExchangeKind.AllReduce, new Bytes(12 * x.T), false)]
            : [];
        ops.Add(Loss(ob, x.T, x.VocabShard, lossExchange, x.Options.FusedLoss));
        return new LayerAccount(index, "head", LayerKind.Head, [.. ops]);
    }

    /// <summary>
    /// Softmax cross-entropy in fp32 over rows × classes, as Megatron-LM's vocabulary-parallel cross-entropy runs it
    /// (megatron/mpu/cross_entropy.py) on logits cast up to fp32: the cast, then the row maximum, its subtraction,
    /// the exponent, the row sum and the division each a pass over the fp32 logits (in place where they write);
    /// the backward scales the kept probabilities in place and casts the gradient back down. While the backward
    /// runs, the 16-bit logits and the fp32 gradient exist together. Fused, one kernel each way (see the body).
    /// </summary>
    private static Operator Loss(OperatorBuilder ob, double rows, double classes, ImmutableArray<ModelParallelExchange> exchanges, bool fused)
    {
        double n = rows * classes, f = 4 * n, e = n * ob.E;
        if (fused)
        {
            // One fused kernel (flash-attn's CrossEntropyLoss, llm-foundry's default loss): the forward reads the
            // 16-bit logits once and writes each row's loss and log-sum-exp; it keeps the logits and the log-sum-exp;
            // the backward reads them once and writes the gradient in the logits' precision.
            double rowStats = 4 * rows;
            return ob.Memory("head.loss", OperatorKind.Loss, 5 * n, e, 2 * rowStats, e + rowStats, e, savedBytes: e + rowStats,
                exchanges: exchanges) with
            { BackwardTransient = new Bytes(e) };
        }

        double forwardRead = e + f + f + f + f + f, forwardWritten = f + f + f + f;
        double backwardRead = f + f, backwardWritten = f + e;
        return ob.Memory("head.loss", OperatorKind.Loss, 5 * n, forwardRead, forwardWritten, backwardRead, backwardWritten, savedBytes: f,
            exchanges: exchanges) with
        { BackwardTransient = new Bytes(e + f) };
    }

    /// <summary>Applies the recompute policy to one transformer block's operators (Korthikanti et al. 2022, Sec. 5).</summary>
    private static LayerAccount ApplyRecompute(int index, string name, List<Draft> drafts, AccountingOptions options, Precision precision)
    {
        RecomputeMode mode = options.Recompute;
        double none = drafts.Sum(d => d.Op.SavedActivations.Count);
        var ops = new List<Operator>(drafts.Count);
        for (int i = 0; i < drafts.Count; i++)
        {
            Draft d = drafts[i];
            ops.Add(mode switch
            {
                RecomputeMode.Selective when d.Core => d.Op with
                {
                    Recomputed = true,
                    SavedActivations = new Bytes(d.SelectiveSaved),
                },
                // Full: only the layer input survives; it is the first operator's saved input.
                RecomputeMode.Full => d.Op with
                {
                    Recomputed = true,
                    SavedActivations = i == 0 ? d.Op.SavedActivations : Bytes.Zero,
                },
                _ => d.Op,
            });
        }

        if (options.OffloadActivations && mode == RecomputeMode.Full && ops.Count > 0)
        {
            // The checkpoint leaves for host memory in the forward and comes back before the recomputation (a
            // recomputed operator re-runs its forward work: the copy back).
            Bytes checkpoint = ops[0].SavedActivations;
            ops[0] = ops[0] with { SavedActivations = Bytes.Zero };
            ops.Insert(0, new Operator("act.offload", index, OperatorKind.HostCopy, precision,
                WorkAmount.Of(0, checkpoint.Count, 0), WorkAmount.Zero, WorkAmount.Zero, 0, Bytes.Zero)
            { Recomputed = true });
        }

        double kept = ops.Sum(o => o.SavedActivations.Count);
        return new LayerAccount(index, name, LayerKind.Transformer, [.. ops])
        {
            RecomputeWorkingSet = new Bytes(none - kept),
        };
    }

    private sealed record Draft(Operator Op, bool Core, double SelectiveSaved);
}
