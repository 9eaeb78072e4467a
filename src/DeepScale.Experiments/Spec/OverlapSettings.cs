namespace DeepScale.Experiments.Spec;

/// <summary>
/// Which communication overlaps compute (<c>parallelism.overlap</c>), with the framework defaults: gradient reduction
/// overlapped with backward (PyTorch DDP buckets, Megatron <c>overlap_grad_reduce</c>) on; parameter all-gather
/// overlapped with forward and tensor-parallel communication overlapped with GEMMs off.
/// </summary>
/// <param name="GradReduce">Gradient reduce-scatter/all-reduce overlapped with the backward pass.</param>
/// <param name="ParamGather">Parameter all-gather overlapped with the forward pass (ZeRO/distributed optimizer).</param>
/// <param name="TpComm">Tensor-parallel communication overlapped with the GEMMs it feeds.</param>
public sealed record OverlapSettings(bool GradReduce = true, bool ParamGather = false, bool TpComm = false);
