namespace DeepScale.Hardware.Specs;

/// <summary>How the nodes of a cluster are connected to each other.</summary>
public enum ScaleOutTopology
{
    /// <summary>Two-level leaf/spine fat tree; each node's NICs share its leaf; leaf uplinks may be oversubscribed.</summary>
    FatTree,

    /// <summary>
    /// Rail-optimized leaf/spine (DGX SuperPOD): NIC <c>i</c> of every node in a group connects to rail leaf <c>i</c>,
    /// so same-rail traffic stays one switch hop; spines join the rails.
    /// </summary>
    RailOptimized,

    /// <summary>TPU pod: chips on a 3D torus of ICI links; hosts have no separate scale-out for collectives.</summary>
    Torus3D,

    /// <summary>A single node: no scale-out fabric.</summary>
    None,
}
