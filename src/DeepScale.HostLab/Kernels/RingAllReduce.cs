using System.Runtime.InteropServices;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Ring all-reduce of a float32 buffer over a <see cref="LoopbackRing"/> (Patarasuk and Yuan 2009): the buffer is
/// cut into p chunks; in p − 1 reduce-scatter steps each rank sends one chunk to its successor and adds the chunk
/// it receives, after which rank r holds the full sum of chunk r + 1; in p − 1 all-gather steps the summed chunks
/// travel once around the ring. Every rank ends with the same bits: each chunk is summed on one rank and copied.
/// </summary>
public static class RingAllReduce
{
    /// <summary>Replaces <paramref name="data"/> on every rank with the element-wise sum over all ranks.</summary>
    public static void Sum(LoopbackRing ring, Span<float> data)
    {
        ArgumentNullException.ThrowIfNull(ring);
        int p = ring.Ranks;
        if (p == 1)
        {
            return;
        }

        int r = ring.Rank;
        int largest = (int)(((long)data.Length + p - 1) / p);
        Span<byte> scratch = ring.Scratch(largest * sizeof(float));
        for (int s = 0; s < p - 1; s++)
        {
            Span<float> outgoing = Chunk(data, Mod(r - s, p), p);
            Span<float> incoming = Chunk(data, Mod(r - s - 1, p), p);
            Span<byte> buffer = scratch[..(incoming.Length * sizeof(float))];
            ring.Exchange(MemoryMarshal.AsBytes(outgoing), buffer, "reduce-scatter", s);
            Elementwise.Add(incoming, MemoryMarshal.Cast<byte, float>(buffer), incoming);
        }

        for (int s = 0; s < p - 1; s++)
        {
            Span<float> outgoing = Chunk(data, Mod(r - s + 1, p), p);
            Span<float> incoming = Chunk(data, Mod(r - s, p), p);
            ring.Exchange(MemoryMarshal.AsBytes(outgoing), MemoryMarshal.AsBytes(incoming), "all-gather", s);
        }
    }

    private static int Mod(int value, int p) => ((value % p) + p) % p;

    private static Span<float> Chunk(Span<float> data, int index, int p)
    {
        int start = (int)((long)data.Length * index / p);
        int end = (int)((long)data.Length * (index + 1) / p);
        return data[start..end];
    }
}
