using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DeepScale.HostLab.Training;

/// <summary>
/// The binary shard format of the trainer's data set: a 32-byte header, then fixed-size records, little-endian.
/// Header: magic "DSSHARD1" (8 bytes), format version (int32, 1), features (int32), classes (int32), reserved
/// (int32, 0), record count (int64). Record: label (int32) then the features (float32 each). Fixed-size records let
/// a worker read any micro-batch with one positional read.
/// </summary>
public static class ShardFile
{
    /// <summary>Header length in bytes.</summary>
    public const int HeaderBytes = 32;

    /// <summary>Format version this code writes and reads.</summary>
    public const int Version = 1;

    internal static ReadOnlySpan<byte> Magic => "DSSHARD1"u8;

    /// <summary>Bytes of one record with <paramref name="features"/> features.</summary>
    public static int RecordBytes(int features) => sizeof(int) + (features * sizeof(float));

    /// <summary>Writes a shard (atomically: temporary name, then rename).</summary>
    public static void Write(string path, ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int featureCount, int classes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("shard files are little-endian; this processor is big-endian");
        }

        if (featureCount < 1 || (long)labels.Length * featureCount != features.Length)
        {
            throw new ArgumentException(
                $"shard: {labels.Length} labels and {features.Length} feature values do not make records of {featureCount} features",
                nameof(features));
        }

        int recordBytes = RecordBytes(featureCount);
        byte[] header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), featureCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), classes);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), labels.Length);
        byte[] body = new byte[(long)labels.Length * recordBytes];
        for (int i = 0; i < labels.Length; i++)
        {
            Span<byte> record = body.AsSpan(i * recordBytes, recordBytes);
            BinaryPrimitives.WriteInt32LittleEndian(record, labels[i]);
            MemoryMarshal.AsBytes(features.Slice(i * featureCount, featureCount)).CopyTo(record[sizeof(int)..]);
        }

        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(body);
        });
    }
}
