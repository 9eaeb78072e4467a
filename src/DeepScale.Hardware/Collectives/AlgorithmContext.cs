using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>Everything one algorithm needs to cost or plan a request: the group, the request and the protocol model.</summary>
internal sealed record AlgorithmContext(GroupProfile Group, CollectiveRequest Request, ProtocolModel Protocol)
{
    /// <summary>Largest chunk count per channel of a pipelined plan (bounds the step list).</summary>
    public const int MaxChunks = 64;

    public double S => Request.Size.Count;

    public int N => Group.N;

    /// <summary>Pipeline chunks for <paramref name="bytesPerChannel"/>: NCCL's 512 KiB Simple step, at most <see cref="MaxChunks"/>.</summary>
    public static int ChunksFor(double bytesPerChannel) =>
        (int)Math.Clamp(Math.Ceiling(bytesPerChannel / NcclTuning.SimpleStep.Count), 1, MaxChunks);

    /// <summary>Seconds to move <paramref name="bytes"/> at <paramref name="rate"/> scaled by the protocol efficiency.</summary>
    public static double Seconds(double bytes, ByteRate rate, double efficiency) =>
        bytes <= 0 ? 0 : bytes / (rate.BytesPerSecond * efficiency);
}
