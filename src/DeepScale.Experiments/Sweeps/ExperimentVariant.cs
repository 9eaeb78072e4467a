namespace DeepScale.Experiments.Sweeps;

/// <summary>Which form of an experiment to load.</summary>
public enum ExperimentVariant
{
    /// <summary>The sweep as written under <c>sweep:</c>.</summary>
    Full,

    /// <summary>The reduced sweep: the axes under <c>quick.sweep:</c> replace those of the same name, and
    /// <c>quick.set:</c> adds overrides; an experiment without a <c>quick:</c> section is its own quick form.</summary>
    Quick,
}
