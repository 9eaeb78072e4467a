using System.Globalization;

using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The shape of a GPT model as a published row gives it (layers, hidden size, heads, sequence, vocabulary), and
/// its spec text: the model-zoo preset of that shape when there is one (with the sequence length overridden if it
/// differs), explicit <c>family: gpt</c> fields otherwise. Immutable.
/// </summary>
public sealed record GptShape(int Layers, int Hidden, int Heads, int SeqLen, int Vocab)
{
    /// <summary>Vocabulary of Megatron-LM's GPT models (GPT-2 BPE padded to 51,200; Narayanan et al. 2021, Table 1).</summary>
    public const int MegatronVocabulary = 51200;

    /// <summary>
    /// The shape a reference row gives in its <c>num_layers</c>, <c>hidden_size</c>, <c>attention_heads</c> and
    /// <c>seq_len</c> columns, with the vocabulary from <paramref name="vocabColumn"/> or, when null, Megatron-LM's.
    /// </summary>
    public static GptShape Of(CsvRow row, string? vocabColumn = "vocab")
    {
        ArgumentNullException.ThrowIfNull(row);
        return new GptShape(MegatronTable1Suite.Int(row, "num_layers"), MegatronTable1Suite.Int(row, "hidden_size"),
            MegatronTable1Suite.Int(row, "attention_heads"), MegatronTable1Suite.Int(row, "seq_len"),
            vocabColumn is null ? MegatronVocabulary : MegatronTable1Suite.Int(row, vocabColumn));
    }

    /// <summary>The GPT preset of the model zoo with these layers, hidden size, heads and vocabulary, or null.</summary>
    public string? Preset => ModelZoo.Ids
        .Select(ModelZoo.Get)
        .OfType<TransformerModel>()
        .FirstOrDefault(m => m.Family == ModelFamily.Gpt && m.Layers == Layers && m.Hidden == Hidden && m.Heads == Heads && m.Vocab == Vocab)
        ?.Id;

    /// <summary>The <c>model:</c> section of a spec, indented two spaces under it, one key per line.</summary>
    public string ToSpecLines()
    {
        if (Preset is { } preset)
        {
            long presetSeq = ModelZoo.GetTransformer(preset).SeqLen;
            return presetSeq == SeqLen
                ? $"  preset: {preset}\n"
                : string.Create(CultureInfo.InvariantCulture, $"  preset: {preset}\n  seq_len: {SeqLen}\n");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"  family: gpt\n  layers: {Layers}\n  hidden: {Hidden}\n  heads: {Heads}\n  seq_len: {SeqLen}\n  vocab: {Vocab}\n");
    }
}
