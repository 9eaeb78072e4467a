namespace DeepScale.Replay;

/// <summary>How many ranks an event-driven replay simulates.</summary>
public enum ReplayMode
{
    /// <summary>One representative rank per pipeline stage; the other ranks of the stage (tensor peers, data
    /// replicas) behave alike and appear only as mirror copies of its communication on the real links.</summary>
    Symmetric,

    /// <summary>Every rank and every flow: needed for heterogeneity, stragglers and shared clusters.</summary>
    Full,
}
