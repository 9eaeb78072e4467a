using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>A sum reduction over <see cref="Length"/> float32 elements: one add and four bytes read per element.</summary>
public readonly record struct ReductionShape(long Length) : IKernelWork
{
    public FlopCount Flops => new(Length);

    public Bytes BytesMoved => new((double)sizeof(float) * Length);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Sum {Length}");
}
