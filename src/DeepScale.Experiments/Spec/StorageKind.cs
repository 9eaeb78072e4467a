namespace DeepScale.Experiments.Spec;

/// <summary>A storage tier a data set can be read from, as a spec names it (<c>data.storage</c>, <c>cluster.storage.kind</c>).</summary>
public enum StorageKind
{
    /// <summary>Each node's own NVMe drives (<c>local-nvme</c>).</summary>
    LocalNvme,

    /// <summary>A Lustre parallel file system (<c>lustre</c>).</summary>
    Lustre,

    /// <summary>A GPFS / IBM Storage Scale parallel file system (<c>gpfs</c>).</summary>
    Gpfs,

    /// <summary>An NFS server (<c>nfs</c>).</summary>
    Nfs,

    /// <summary>An S3-like object store (<c>object-store</c>).</summary>
    ObjectStore,
}
