namespace DeepScale.Hardware.Collectives;

/// <summary>How a collective's time was obtained.</summary>
public enum CollectiveFidelity
{
    /// <summary>The α-β closed form (<see cref="CollectiveModel.Estimate"/>).</summary>
    Analytical,

    /// <summary>An event-driven replay of the lock-step rounds over the kernel's fair-share links.</summary>
    Replay,
}
