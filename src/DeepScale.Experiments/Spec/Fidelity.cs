namespace DeepScale.Experiments.Spec;

/// <summary>How a scenario is simulated (shared/DESIGN.md, "Three fidelity levels, one model").</summary>
public enum Fidelity
{
    /// <summary>Closed forms: roofline, α-β collectives, pipeline formulas; microseconds per configuration.</summary>
    Analytical,

    /// <summary>Event-driven replay of one representative rank per equivalence class (the default).</summary>
    Symmetric,

    /// <summary>Every rank and every flow.</summary>
    Full,
}
