namespace DeepScale.Parallelism.Schedules;

/// <summary>What a schedule operation does.</summary>
public enum OpKind
{
    /// <summary>Device computation of a known duration.</summary>
    Compute,

    /// <summary>A collective over one of the rank's groups (tensor, data, embedding).</summary>
    Collective,

    /// <summary>Pipeline point-to-point: send activations or gradients to another stage.</summary>
    Send,

    /// <summary>Pipeline point-to-point: receive activations or gradients from another stage.</summary>
    Receive,

    /// <summary>Read input data from a storage tier and preprocess it on host CPU workers.</summary>
    LoadBatch,

    /// <summary>Wait until the data loader has a batch ready.</summary>
    TakeBatch,
}
