using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>A memory-to-memory copy of <see cref="Length"/> bytes: each byte read once and written once.</summary>
public sealed record CpuCopy(long Length) : CpuKernel
{
    public override FlopCount Flops => FlopCount.Zero;

    public override Bytes BytesMoved => new(2.0 * Length);
}
