using System.Collections.Immutable;

using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Resolves the <c>model:</c> section into a validated <see cref="ModelDescription"/>: a model zoo preset with any
/// fields overridden inline, or an explicit transformer or MLP. Constraint errors of the Workloads layer
/// (<see cref="WorkloadSpecException"/>) are mapped onto the YAML position of the field they name.
/// </summary>
internal static class ModelResolver
{
    private static readonly ImmutableArray<string> s_common = ["preset", "name", "family"];

    private static readonly ImmutableArray<string> s_transformer =
    [
        "layers", "hidden", "heads", "kv_heads", "ffn_hidden", "seq_len", "vocab", "tied_embeddings", "norm", "mlp",
        "positions", "causal", "biases", "dropout", "token_types",
    ];

    private static readonly ImmutableArray<string> s_vit = ["image_size", "patch_size", "channels"];

    private static readonly ImmutableArray<string> s_convNet = ["input_channels", "input_height", "input_width"];

    private static readonly ImmutableArray<string> s_mlp = ["input_features", "hidden_sizes", "output_features"];

    public static ModelDescription Resolve(SectionReader m, SpecDocument doc)
    {
        string? presetId = m.Text("preset", 256);
        ModelFamily? family = m.Choice("family", SpecChoices.Family);
        ModelDescription? preset = null;
        if (presetId is not null)
        {
            string? match = ModelZoo.Ids.FirstOrDefault(id => string.Equals(id, presetId, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                throw m.Error("preset", $"unknown preset {SpecText.Quote(presetId)}; nearest valid ids: {string.Join(", ", NearestNames.Find(presetId, ModelZoo.Ids))}",
                    SpecErrorKind.UnknownId);
            }

            preset = ModelZoo.Get(match);
            if (family is ModelFamily f && f != preset.Family)
            {
                throw m.Error("family", $"is {SpecChoices.Family.SpellingOf(f)} but preset {match} is a {SpecChoices.Family.SpellingOf(preset.Family)} model",
                    SpecErrorKind.Constraint);
            }
        }
        else if (family is null)
        {
            throw m.Missing("preset", "name a model preset (model.preset) or describe the model (model.family and its fields)");
        }

        if (preset is not null && m.Keys.All(k => k is "preset" or "family"))
        {
            return preset;
        }

        ModelFamily resolvedFamily = preset?.Family ?? family!.Value;
        ModelDescription model = resolvedFamily switch
        {
            ModelFamily.Gpt or ModelFamily.Llama or ModelFamily.Bert or ModelFamily.Vit =>
                Transformer(m, preset as TransformerModel, resolvedFamily),
            ModelFamily.ResNet or ModelFamily.Cnn => ConvNet(m, preset as ConvNetModel, resolvedFamily),
            _ => Mlp(m, preset as MlpModel),
        };

        try
        {
            return model.Validate();
        }
        catch (WorkloadSpecException ex)
        {
            string field = SpecFieldOf(ex.Field);
            throw new SpecException(SpecErrorKind.Constraint, field, ex.Constraint, doc.Locate(field), ex);
        }
    }

    /// <summary>The spec key a Workloads field path corresponds to.</summary>
    public static string SpecFieldOf(string workloadField) => workloadField switch
    {
        "model.id" => "model.name",
        "model.patches" => "model.image_size",
        _ when workloadField.StartsWith("model.patches.", StringComparison.Ordinal) => "model." + workloadField["model.patches.".Length..],
        _ when workloadField.StartsWith("model.blocks", StringComparison.Ordinal) => "model",
        _ => workloadField,
    };

    /// <summary>The model name: <c>model.name</c>, else the preset id (suffixed "-custom" when fields are overridden), else "custom-family".</summary>
    public static string NameOf(SectionReader m, ModelDescription? preset, ModelFamily family)
    {
        string? name = m.Text("name", 256);
        if (name is not null)
        {
            return name;
        }

        bool overridden = m.Keys.Any(k => !s_common.Contains(k));
        return preset is null ? "custom-" + SpecChoices.Family.SpellingOf(family)
            : overridden ? preset.Id + "-custom"
            : preset.Id;
    }

    private static TransformerModel Transformer(SectionReader m, TransformerModel? preset, ModelFamily family)
    {
        AllowOnly(m, family == ModelFamily.Vit ? [.. s_transformer, .. s_vit] : s_transformer, family);
        return TransformerResolver.Resolve(m, preset, family);
    }

    private static void AllowOnly(SectionReader m, ImmutableArray<string> allowed, ModelFamily family)
    {
        foreach (string key in m.Keys)
        {
            if (!s_common.Contains(key) && !allowed.Contains(key))
            {
                throw m.Error(key, $"is not a field of {SpecChoices.Family.SpellingOf(family)} models (they take {string.Join(", ", allowed)})",
                    SpecErrorKind.UnknownKey);
            }
        }
    }

    private static ConvNetModel ConvNet(SectionReader m, ConvNetModel? preset, ModelFamily family)
    {
        AllowOnly(m, s_convNet, family);
        if (preset is null)
        {
            throw m.Missing("preset",
                $"{SpecChoices.Family.SpellingOf(family)} models come from a preset ({string.Join(", ", ModelZoo.Ids.Where(id => ModelZoo.Get(id) is ConvNetModel))}); explicit convolutional layers are not part of the spec");
        }

        return preset with
        {
            Id = NameOf(m, preset, family),
            InputChannels = m.Int("input_channels", 1, WorkloadLimits.MaxWidth) ?? preset.InputChannels,
            InputHeight = m.Int("input_height", 1, WorkloadLimits.MaxImageSide) ?? preset.InputHeight,
            InputWidth = m.Int("input_width", 1, WorkloadLimits.MaxImageSide) ?? preset.InputWidth,
        };
    }

    private static MlpModel Mlp(SectionReader m, MlpModel? preset)
    {
        AllowOnly(m, s_mlp, ModelFamily.Mlp);
        int inputs = m.Int("input_features", 1, WorkloadLimits.MaxWidth) ?? preset?.InputFeatures
            ?? throw m.Missing("input_features", "features per sample of the mlp");
        int outputs = m.Int("output_features", 1, WorkloadLimits.MaxWidth) ?? preset?.OutputFeatures
            ?? throw m.Missing("output_features", "output classes of the mlp");
        ImmutableArray<int> hidden = m.IntegerList("hidden_sizes", 1, WorkloadLimits.MaxWidth, 0, 1024) is { } list
            ? [.. list.Select(v => (int)v)]
            : preset?.HiddenSizes ?? [];
        return new MlpModel(NameOf(m, preset, ModelFamily.Mlp), inputs, hidden, outputs);
    }
}
