namespace DeepScale.Experiments.Validation;

/// <summary>Why a reference row has no prediction.</summary>
public enum SkipKind
{
    /// <summary>The configuration is not fully given, or needs a model, device or mechanism DeepScale lacks.</summary>
    NotExpressible,

    /// <summary>The row was expressible but its simulation threw.</summary>
    Failed,
}
