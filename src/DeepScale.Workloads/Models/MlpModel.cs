using System.Collections.Immutable;

namespace DeepScale.Workloads.Models;

/// <summary>A multilayer perceptron: dense layers with biases and ReLU between them, a softmax cross-entropy loss at the end.</summary>
/// <param name="Id">Preset id or name.</param>
/// <param name="InputFeatures">Features per sample.</param>
/// <param name="HiddenSizes">Widths of the hidden layers, in order (may be empty: logistic regression).</param>
/// <param name="OutputFeatures">Output classes.</param>
public sealed record MlpModel(string Id, int InputFeatures, ImmutableArray<int> HiddenSizes, int OutputFeatures)
    : ModelDescription(Id, ModelFamily.Mlp)
{
    /// <inheritdoc/>
    public override MlpModel Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new WorkloadSpecException("model.id", "must not be empty");
        }

        WorkloadLimits.RequireRange("model.input_features", InputFeatures, WorkloadLimits.MaxWidth);
        WorkloadLimits.RequireRange("model.output_features", OutputFeatures, WorkloadLimits.MaxWidth);
        ImmutableArray<int> hidden = HiddenSizes.IsDefault ? [] : HiddenSizes;
        WorkloadLimits.RequireRange("model.hidden_sizes.count", hidden.Length + 1, WorkloadLimits.MaxLayers);
        for (int i = 0; i < hidden.Length; i++)
        {
            WorkloadLimits.RequireRange($"model.hidden_sizes[{i}]", hidden[i], WorkloadLimits.MaxWidth);
        }

        return this;
    }
}
