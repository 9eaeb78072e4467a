namespace DeepScale.Hardware.Topology;

/// <summary>A storage tier reachable from every node.</summary>
public enum StorageTierKind
{
    /// <summary>The node's own NVMe drives.</summary>
    LocalNvme,

    /// <summary>A Lustre parallel file system.</summary>
    Lustre,

    /// <summary>A GPFS / IBM Storage Scale parallel file system.</summary>
    Gpfs,

    /// <summary>An NFS server.</summary>
    Nfs,

    /// <summary>An object store (S3-like).</summary>
    ObjectStore,
}
