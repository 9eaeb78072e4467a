using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>A sequential read of a whole file of <see cref="FileLength"/> bytes in blocks of <see cref="BlockSize"/>.</summary>
public readonly record struct FileReadShape(long FileLength, int BlockSize) : IKernelWork
{
    public FlopCount Flops => FlopCount.Zero;

    /// <summary>The file's bytes, each read once.</summary>
    public Bytes BytesMoved => new(FileLength);

    /// <summary>Read calls one pass makes: ⌈FileLength / BlockSize⌉ (the per-call overhead term of a cost model).</summary>
    public long Requests => BlockSize <= 0 ? 0 : (FileLength + BlockSize - 1) / BlockSize;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Read {new Bytes(FileLength)} in {new Bytes(BlockSize)} blocks");
}
