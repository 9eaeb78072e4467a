namespace DeepScale.Hardware.Collectives;

/// <summary>The GPU generations NCCL's tuning tables distinguish (its compute-capability index).</summary>
public enum GpuGeneration
{
    /// <summary>Volta (sm70) and older, and non-NVIDIA devices without a table row.</summary>
    Volta,

    /// <summary>Ampere (sm80).</summary>
    Ampere,

    /// <summary>Hopper (sm90) and later.</summary>
    HopperOrLater,
}
