namespace DeepScale.Experiments.Sweeps;

/// <summary>How the axes of a sweep combine into points.</summary>
public enum SweepMode
{
    /// <summary>Every combination (Cartesian product); the first axis varies slowest.</summary>
    Product,

    /// <summary>The i-th value of every axis together; all axes have the same length.</summary>
    Zip,
}
