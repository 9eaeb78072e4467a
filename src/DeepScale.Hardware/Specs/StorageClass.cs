namespace DeepScale.Hardware.Specs;

/// <summary>The kind of storage a <see cref="StorageSpec"/> describes (<c>storage.csv</c> storage_class).</summary>
public enum StorageClass
{
    /// <summary>A local NVMe drive in the node.</summary>
    LocalNvme,

    /// <summary>The ceiling of a drive interface (a bus limit, not a drive).</summary>
    InterfaceLimit,

    /// <summary>A SATA SSD.</summary>
    SataSsd,

    /// <summary>A spinning disk.</summary>
    Hdd,

    /// <summary>Cloud block storage (EBS volumes).</summary>
    CloudBlock,

    /// <summary>An object store (S3).</summary>
    ObjectStore,

    /// <summary>A parallel file system (Lustre, GPFS, FSx for Lustre).</summary>
    ParallelFileSystem,

    /// <summary>A network file system (NFS).</summary>
    NetworkFileSystem,
}
