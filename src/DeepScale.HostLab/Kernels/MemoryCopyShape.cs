using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>A memory-to-memory copy of <see cref="Length"/> bytes: no arithmetic, each byte read once and written once.</summary>
public readonly record struct MemoryCopyShape(long Length) : IKernelWork
{
    public FlopCount Flops => FlopCount.Zero;

    /// <summary>2·Length: the read and the write (the fetch of each stored line for ownership is not counted).</summary>
    public Bytes BytesMoved => new(2.0 * Length);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Copy {new Bytes(Length)}");
}
