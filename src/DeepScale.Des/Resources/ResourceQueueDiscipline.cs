namespace DeepScale.Des.Resources;

/// <summary>The order in which a resource grants waiting requests.</summary>
public enum ResourceQueueDiscipline
{
    /// <summary>First come, first served.</summary>
    Fifo,

    /// <summary>Lowest priority value first, first come first served among equal values.</summary>
    Priority,
}
