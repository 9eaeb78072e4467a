namespace DeepScale.Workloads.Models;

/// <summary>
/// A transformer stack: GPT-style decoder, Llama (grouped-query attention, SwiGLU, RMSNorm, rotary positions), a
/// BERT-style encoder or a vision transformer. Immutable; derive variants with <c>with</c>.
/// </summary>
/// <remarks>
/// Tensor shapes follow Megatron-LM (Shoeybi et al. 2019; Narayanan et al. 2021): per layer one fused QKV projection
/// h × (heads + 2·kv_heads)·d with d = h / heads, one output projection, and a two- (GeLU) or three-matrix (SwiGLU)
/// MLP. The embedding and the output head (vocabulary projection, or a classifier for ViT) are layers of their own.
/// </remarks>
public sealed record TransformerModel(string Id, ModelFamily Family) : ModelDescription(Id, Family)
{
    /// <summary>Transformer blocks (l, L).</summary>
    public required long Layers { get; init; }

    /// <summary>Hidden size (h).</summary>
    public required long Hidden { get; init; }

    /// <summary>Attention (query) heads (a).</summary>
    public required long Heads { get; init; }

    /// <summary>Key/value heads; equal to <see cref="Heads"/> for multi-head attention, fewer for GQA.</summary>
    public required long KvHeads { get; init; }

    /// <summary>Feed-forward inner size (4h for GPT, 8/3·h rounded for Llama).</summary>
    public required long FfnHidden { get; init; }

    /// <summary>Sequence length in tokens (s); for ViT, patches + 1 class token.</summary>
    public required long SeqLen { get; init; }

    /// <summary>Vocabulary size (V, v); for ViT, the number of classes.</summary>
    public required long Vocab { get; init; }

    /// <summary>The output projection shares the input embedding matrix.</summary>
    public bool TiedEmbeddings { get; init; } = true;

    public NormKind Norm { get; init; } = NormKind.LayerNorm;

    public MlpKind Mlp { get; init; } = MlpKind.Gelu;

    public PositionEmbeddingKind Positions { get; init; } = PositionEmbeddingKind.Learned;

    /// <summary>Causal (decoder) attention mask; false for encoders.</summary>
    public bool Causal { get; init; } = true;

    /// <summary>Linear layers carry biases (GPT, BERT, ViT) or not (Llama).</summary>
    public bool Biases { get; init; } = true;

    /// <summary>Dropout after attention probabilities and after each residual branch (GPT, BERT), or none (Llama, ViT).</summary>
    public bool Dropout { get; init; } = true;

    /// <summary>Token-type (segment) embeddings, 2 for BERT, 0 otherwise.</summary>
    public int TokenTypes { get; init; }

    /// <summary>Image front end for ViT; null for token models.</summary>
    public PatchEmbedding? Patches { get; init; }

    /// <summary>Per-head dimension d = h / heads.</summary>
    public long HeadDim => Hidden / Heads;

    /// <inheritdoc/>
    public override TransformerModel Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new WorkloadSpecException("model.id", "must not be empty");
        }

        WorkloadLimits.RequireRange("model.layers", Layers, WorkloadLimits.MaxLayers);
        WorkloadLimits.RequireRange("model.hidden", Hidden, WorkloadLimits.MaxWidth);
        WorkloadLimits.RequireRange("model.heads", Heads, WorkloadLimits.MaxWidth);
        WorkloadLimits.RequireRange("model.kv_heads", KvHeads, WorkloadLimits.MaxWidth);
        WorkloadLimits.RequireRange("model.ffn_hidden", FfnHidden, WorkloadLimits.MaxWidth);
        WorkloadLimits.RequireRange("model.seq_len", SeqLen, WorkloadLimits.MaxSequence);
        WorkloadLimits.RequireRange("model.vocab", Vocab, WorkloadLimits.MaxVocabulary);
        if (Hidden % Heads != 0)
        {
            throw new WorkloadSpecException("model.hidden", $"{Hidden} is not divisible by heads {Heads}");
        }

        if (KvHeads > Heads || Heads % KvHeads != 0)
        {
            throw new WorkloadSpecException("model.kv_heads", $"{KvHeads} must divide heads {Heads}");
        }

        if (TokenTypes is < 0 or > 1024)
        {
            throw new WorkloadSpecException("model.token_types", $"{TokenTypes} must be in 0..1024");
        }

        if (Family == ModelFamily.Vit)
        {
            if (Patches is null)
            {
                throw new WorkloadSpecException("model.patches", "a vit model needs an image size, patch size and channels");
            }

            WorkloadLimits.RequireRange("model.patches.image_size", Patches.ImageSize, WorkloadLimits.MaxImageSide);
            WorkloadLimits.RequireRange("model.patches.patch_size", Patches.PatchSize, Patches.ImageSize);
            WorkloadLimits.RequireRange("model.patches.channels", Patches.Channels, WorkloadLimits.MaxWidth);
            if (Patches.ImageSize % Patches.PatchSize != 0)
            {
                throw new WorkloadSpecException("model.patches.patch_size",
                    $"{Patches.PatchSize} does not divide image size {Patches.ImageSize}");
            }

            if (SeqLen != Patches.Patches + 1)
            {
                throw new WorkloadSpecException("model.seq_len",
                    $"{SeqLen} must equal patches + class token = {Patches.Patches + 1}");
            }
        }
        else if (Family is not (ModelFamily.Gpt or ModelFamily.Llama or ModelFamily.Bert))
        {
            throw new WorkloadSpecException("model.family", $"{Family} is not a transformer family (gpt, llama, bert, vit)");
        }

        double h = Hidden, d = HeadDim;
        double perLayer = (h * (Heads + (2.0 * KvHeads)) * d) + (Heads * d * h) + ((Mlp == MlpKind.SwiGlu ? 3.0 : 2.0) * h * FfnHidden);
        double approximate = (Layers * perLayer) + (2.0 * Vocab * h);
        if (approximate > WorkloadLimits.MaxParameters)
        {
            throw new WorkloadSpecException("model", $"about {approximate:E3} parameters exceed the limit {WorkloadLimits.MaxParameters:E0}");
        }

        return this;
    }
}
