namespace DeepScale.HostLab.Training;

/// <summary>The non-linearity between the dense layers of the trainer's MLP.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>GELU, tanh form (Hendrycks and Gimpel 2016).</summary>
    Gelu,
}
