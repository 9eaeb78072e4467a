using DeepScale.Core.Units;

namespace DeepScale.Workloads.Memory;

/// <summary>
/// Memory the runtime takes beyond the model's tensors: the CUDA context (driver state and loaded kernels),
/// caching-allocator fragmentation on dynamically allocated tensors, and the data-parallel gradient bucket size.
/// </summary>
/// <param name="CudaContext">Device memory taken by the process before any tensor.</param>
/// <param name="FragmentationFraction">Reserved-but-unusable memory as a fraction of activations and temporaries.</param>
/// <param name="GradientBucket">Size of one data-parallel gradient communication bucket.</param>
public sealed record FrameworkMemoryOverhead(Bytes CudaContext, double FragmentationFraction, Bytes GradientBucket)
{
    /// <summary>
    /// Documented defaults. CUDA context: creating one 4-byte CUDA tensor took a PyTorch process from 0 to 723 MiB
    /// (discuss.pytorch.org/t/73021, "the first CUDA call creates the CUDA context"). Fragmentation: in a worked
    /// PyTorch example 79.8 GB were reserved for 62.1 GB allocated, 22% of the reservation unusable
    /// (engineersofai.com, "Memory Allocators for ML"; pytorch/pytorch#44742 reports a worse case of 13 GB of
    /// split free blocks on a 32 GB card); it is applied to the dynamic tensors only, since weights, gradients and
    /// optimizer state are allocated once in large contiguous buffers. Bucket: PyTorch DistributedDataParallel's
    /// bucket_cap_mb default of 25 MiB.
    /// </summary>
    public static FrameworkMemoryOverhead Default { get; } = new(Bytes.FromMiB(723), 0.22, Bytes.FromMiB(25));

    /// <summary>No runtime overhead at all: the model's tensors only (for closed-form comparisons).</summary>
    public static FrameworkMemoryOverhead None { get; } = new(Bytes.Zero, 0, Bytes.Zero);
}
