namespace DeepScale.Workloads.Models;

/// <summary>
/// A model architecture as immutable data: enough to derive its operators, parameters, FLOPs and activations.
/// Concrete descriptions are <see cref="TransformerModel"/>, <see cref="ConvNetModel"/> and <see cref="MlpModel"/>.
/// </summary>
/// <param name="Id">Preset id or a user-chosen name.</param>
/// <param name="Family">The architecture family.</param>
public abstract record ModelDescription(string Id, ModelFamily Family)
{
    /// <summary>
    /// Checks every field against its constraint and throws <see cref="WorkloadSpecException"/> naming the first
    /// violated field. Returns the description so calls can chain.
    /// </summary>
    public abstract ModelDescription Validate();
}
