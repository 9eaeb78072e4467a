namespace DeepScale.Parallelism.Layout;

/// <summary>How a fully sharded (ZeRO-3) data-parallel group moves parameters and gradients.</summary>
public enum ZeroGranularity
{
    /// <summary>
    /// One flat buffer per layer: a single all-gather of the layer's parameter shards and a single reduce-scatter
    /// of its gradients (PyTorch FSDP's flat parameters per wrapped module).
    /// </summary>
    Layer,

    /// <summary>
    /// One collective per parameter tensor in PyTorch's list form, as DeepSpeed ZeRO-3 of 2021 issued them
    /// (<c>partition_parameters.py</c>: <c>_all_gather</c> calls <c>torch.distributed.all_gather</c> once per
    /// parameter, <c>_reduce_scatter_gradient</c> <c>reduce_scatter</c> once per gradient). The list form copies
    /// each rank's part between the flat NCCL buffer and its own tensor, one copy kernel per rank of the group
    /// (ProcessGroupNCCL <c>allgather</c> / <c>flatten_for_scatter_gather</c>).
    /// </summary>
    Tensor,
}
