using System.Buffers.Binary;
using System.Runtime.InteropServices;

using Microsoft.Win32.SafeHandles;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Reads micro-batches from a <see cref="ShardFile"/> on disk with positional reads, cycling through the shard:
/// batch records <c>first … first + count − 1</c> are taken modulo the record count. The header is checked on
/// open; a wrong magic, version or length is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class ShardReader : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly int _recordBytes;
    private byte[] _buffer = [];

    private ShardReader(string path, SafeFileHandle handle, int features, int classes, long records)
    {
        Path = path;
        _handle = handle;
        Features = features;
        Classes = classes;
        Records = records;
        _recordBytes = ShardFile.RecordBytes(features);
    }

    public string Path { get; }

    public int Features { get; }

    public int Classes { get; }

    public long Records { get; }

    /// <summary>Opens and validates a shard.</summary>
    public static ShardReader Open(string path)
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            Span<byte> header = stackalloc byte[ShardFile.HeaderBytes];
            int got = RandomAccess.Read(handle, header, 0);
            if (got < ShardFile.HeaderBytes || !header[..8].SequenceEqual(ShardFile.Magic))
            {
                throw new InvalidDataException($"shard '{path}': not a DeepScale shard file (bad or missing header)");
            }

            int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            int features = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            int classes = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            long records = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
            if (version != ShardFile.Version)
            {
                throw new InvalidDataException($"shard '{path}': format version {version}, this reader knows {ShardFile.Version}");
            }

            if (features < 1 || classes < 1 || records < 1)
            {
                throw new InvalidDataException($"shard '{path}': header says {records} records of {features} features, {classes} classes");
            }

            long expected = ShardFile.HeaderBytes + (records * ShardFile.RecordBytes(features));
            long actual = RandomAccess.GetLength(handle);
            if (actual != expected)
            {
                throw new InvalidDataException($"shard '{path}': {actual} bytes, the header implies {expected} (truncated or corrupt)");
            }

            return new ShardReader(path, handle, features, classes, records);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="count"/> records starting at record <paramref name="first"/> (mod the record count)
    /// into <paramref name="features"/> (count × Features, row-major) and <paramref name="labels"/>.
    /// </summary>
    public void ReadBatch(long first, int count, Span<float> features, Span<int> labels)
    {
        if (count < 0 || features.Length < (long)count * Features || labels.Length < count)
        {
            throw new ArgumentException($"shard '{Path}': buffers too small for {count} records of {Features} features", nameof(features));
        }

        int needed = count * _recordBytes;
        if (_buffer.Length < needed)
        {
            _buffer = new byte[needed];
        }

        long position = first % Records;
        int done = 0;
        while (done < count)
        {
            int take = (int)Math.Min(count - done, Records - position);
            Span<byte> span = _buffer.AsSpan(done * _recordBytes, take * _recordBytes);
            long offset = ShardFile.HeaderBytes + (position * _recordBytes);
            int filled = 0;
            while (filled < span.Length)
            {
                int n = RandomAccess.Read(_handle, span[filled..], offset + filled);
                if (n == 0)
                {
                    throw new InvalidDataException($"shard '{Path}': unexpected end of file at byte {offset + filled}");
                }

                filled += n;
            }

            done += take;
            position = 0;
        }

        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> record = _buffer.AsSpan(i * _recordBytes, _recordBytes);
            int label = BinaryPrimitives.ReadInt32LittleEndian(record);
            if ((uint)label >= (uint)Classes)
            {
                throw new InvalidDataException($"shard '{Path}': label {label} outside [0, {Classes})");
            }

            labels[i] = label;
            MemoryMarshal.Cast<byte, float>(record[sizeof(int)..]).CopyTo(features.Slice(i * Features, Features));
        }
    }

    public void Dispose() => _handle.Dispose();
}
