using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Builds a <see cref="TransformerModel"/> from a preset plus overrides, or from explicit fields with the family's
/// defaults: GPT (LayerNorm, GeLU, learned positions, biases, dropout, tied embeddings, FFN 4h; Radford et al. 2019,
/// Brown et al. 2020), Llama (RMSNorm, SwiGLU, rotary, no biases or dropout, untied; Touvron et al. 2023), BERT
/// (encoder, 2 token types; Devlin et al. 2019) and ViT (encoder over patches plus a class token; Dosovitskiy et al. 2021).
/// </summary>
internal static class TransformerResolver
{
    public static TransformerModel Resolve(SectionReader m, TransformerModel? preset, ModelFamily family)
    {
        long? layers = m.Integer("layers", 1, WorkloadLimits.MaxLayers);
        long? hidden = m.Integer("hidden", 1, WorkloadLimits.MaxWidth);
        long? heads = m.Integer("heads", 1, WorkloadLimits.MaxWidth);
        long? kvHeads = m.Integer("kv_heads", 1, WorkloadLimits.MaxWidth);
        long? ffn = m.Integer("ffn_hidden", 1, WorkloadLimits.MaxWidth);
        long? seq = m.Integer("seq_len", 1, WorkloadLimits.MaxSequence);
        long? vocab = m.Integer("vocab", 1, WorkloadLimits.MaxVocabulary);
        int? imageSize = m.Int("image_size", 1, WorkloadLimits.MaxImageSide);
        int? patchSize = m.Int("patch_size", 1, WorkloadLimits.MaxImageSide);
        int? channels = m.Int("channels", 1, WorkloadLimits.MaxWidth);

        TransformerModel basis = preset ?? Defaults(m, family, layers, hidden, heads, seq, vocab, imageSize, patchSize);
        long h = hidden ?? basis.Hidden;
        long a = heads ?? basis.Heads;
        PatchEmbedding? patches = basis.Patches;
        if (family == ModelFamily.Vit)
        {
            patches = new PatchEmbedding(
                imageSize ?? patches?.ImageSize ?? throw m.Missing("image_size", "a vit model needs its image side in pixels"),
                patchSize ?? patches?.PatchSize ?? throw m.Missing("patch_size", "a vit model needs its patch side in pixels"),
                channels ?? patches?.Channels ?? 3);
        }

        long seqLen = seq ?? (family == ModelFamily.Vit && patches is not null && patches.PatchSize > 0
            ? patches.Patches + 1
            : basis.SeqLen);
        return basis with
        {
            Id = ModelResolver.NameOf(m, preset, family),
            Layers = layers ?? basis.Layers,
            Hidden = h,
            Heads = a,
            KvHeads = kvHeads ?? (basis.KvHeads == basis.Heads ? a : basis.KvHeads),
            FfnHidden = ffn ?? (hidden is not null || preset is null ? DefaultFfn(family, h) : basis.FfnHidden),
            SeqLen = seqLen,
            Vocab = vocab ?? basis.Vocab,
            TiedEmbeddings = m.Boolean("tied_embeddings") ?? basis.TiedEmbeddings,
            Norm = m.Choice("norm", SpecChoices.Norm) ?? basis.Norm,
            Mlp = m.Choice("mlp", SpecChoices.Mlp) ?? basis.Mlp,
            Positions = m.Choice("positions", SpecChoices.Positions) ?? basis.Positions,
            Causal = m.Boolean("causal") ?? basis.Causal,
            Biases = m.Boolean("biases") ?? basis.Biases,
            Dropout = m.Boolean("dropout") ?? basis.Dropout,
            TokenTypes = m.Int("token_types", 0, 1024) ?? basis.TokenTypes,
            Patches = patches,
        };
    }

    /// <summary>
    /// Feed-forward size when not given: 4h (GPT, BERT, ViT), or for Llama 8/3·h rounded up to a multiple of 256
    /// (Touvron et al. 2023; the released Llama code's <c>FeedForward</c> with <c>multiple_of = 256</c>: 4096 → 11008).
    /// </summary>
    public static long DefaultFfn(ModelFamily family, long hidden) => family == ModelFamily.Llama
        ? 256 * (((2 * 4 * hidden / 3) + 255) / 256)
        : 4 * hidden;

    private static TransformerModel Defaults(SectionReader m, ModelFamily family, long? layers, long? hidden, long? heads, long? seq, long? vocab, int? imageSize, int? patchSize)
    {
        string name = SpecChoices.Family.SpellingOf(family);
        long l = layers ?? throw m.Missing("layers", $"an explicit {name} model needs layers");
        long h = hidden ?? throw m.Missing("hidden", $"an explicit {name} model needs hidden");
        long a = heads ?? throw m.Missing("heads", $"an explicit {name} model needs heads");
        long s;
        if (family == ModelFamily.Vit)
        {
            int i = imageSize ?? throw m.Missing("image_size", "an explicit vit model needs its image side in pixels");
            int p = patchSize ?? throw m.Missing("patch_size", "an explicit vit model needs its patch side in pixels");
            s = seq ?? (((long)(i / p) * (i / p)) + 1);
        }
        else
        {
            s = seq ?? throw m.Missing("seq_len", $"an explicit {name} model needs seq_len");
        }

        long v = vocab ?? throw m.Missing("vocab", family == ModelFamily.Vit ? "an explicit vit model needs vocab (its number of classes)" : $"an explicit {name} model needs vocab");
        TransformerModel t = new("custom", family)
        {
            Layers = l,
            Hidden = h,
            Heads = a,
            KvHeads = a,
            FfnHidden = DefaultFfn(family, h),
            SeqLen = s,
            Vocab = v,
        };
        return family switch
        {
            ModelFamily.Llama => t with
            {
                TiedEmbeddings = false,
                Norm = NormKind.RmsNorm,
                Mlp = MlpKind.SwiGlu,
                Positions = PositionEmbeddingKind.Rotary,
                Biases = false,
                Dropout = false,
            },
            ModelFamily.Bert => t with { Causal = false, TokenTypes = 2 },
            ModelFamily.Vit => t with { Causal = false, Dropout = false, TiedEmbeddings = false },
            _ => t,
        };
    }
}
