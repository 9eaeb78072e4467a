using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>The work of one kernel (or one phase of an operator): floating-point operations and device-memory traffic.</summary>
public sealed record WorkAmount(FlopCount Flops, Bytes Read, Bytes Written)
{
    public static readonly WorkAmount Zero = new(FlopCount.Zero, Bytes.Zero, Bytes.Zero);

    /// <summary>Bytes read plus bytes written.</summary>
    public Bytes Moved => Read + Written;

    /// <summary>True when the phase launches no kernel.</summary>
    public bool IsEmpty => Flops.Flops == 0 && Moved.Count == 0;

    public static WorkAmount operator +(WorkAmount a, WorkAmount b) => new(a.Flops + b.Flops, a.Read + b.Read, a.Written + b.Written);

    /// <summary>Builds a work amount from a FLOP count and element counts times a byte size.</summary>
    public static WorkAmount Of(double flops, double readBytes, double writtenBytes) =>
        new(new FlopCount(flops), new Bytes(readBytes), new Bytes(writtenBytes));
}
