namespace DeepScale.Workloads.Models;

/// <summary>The architecture family of a model description, as spelled in a spec's <c>model.family</c>.</summary>
public enum ModelFamily
{
    Gpt,
    Llama,
    Bert,
    Vit,
    ResNet,
    Cnn,
    Mlp,
}
