using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>A sum reduction over <see cref="Elements"/> float32 values (one add and four bytes read per value); also
/// the column sums of a bias gradient, whose few outputs stay in L1.</summary>
public sealed record CpuReduction(long Elements) : CpuKernel
{
    public override FlopCount Flops => new(Elements);

    public override Bytes BytesMoved => new(FloatBytes * Elements);
}
