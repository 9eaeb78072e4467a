using DeepScale.Hardware.Collectives;

namespace DeepScale.Parallelism.Layout;

/// <summary>
/// The collective algorithm the communication library is told to use, as NCCL_ALGO tells NCCL: automatic (NCCL's
/// own tuning chooses per collective), or one algorithm wherever it implements the collective and the group allows
/// it, the automatic choice elsewhere (NCCL falls back the same way for collectives the named algorithm lacks).
/// </summary>
public enum CollectiveChoice
{
    Auto,
    Ring,
    Tree,
    HalvingDoubling,
    Hierarchical,
}

/// <summary>Maps a <see cref="CollectiveChoice"/> to the collective model's algorithm.</summary>
public static class CollectiveChoices
{
    /// <summary>The preferred algorithm, or null for NCCL's automatic choice.</summary>
    public static CollectiveAlgorithm? Preferred(this CollectiveChoice choice) => choice switch
    {
        CollectiveChoice.Ring => CollectiveAlgorithm.Ring,
        CollectiveChoice.Tree => CollectiveAlgorithm.DoubleBinaryTree,
        CollectiveChoice.HalvingDoubling => CollectiveAlgorithm.RecursiveHalvingDoubling,
        CollectiveChoice.Hierarchical => CollectiveAlgorithm.Hierarchical,
        _ => null,
    };
}
