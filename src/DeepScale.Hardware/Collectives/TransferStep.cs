using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// One point-to-point transfer of a collective plan. It may start when every step in its dependency list has
/// completed (steps without dependencies start at <see cref="CollectivePlan.StartDelay"/>); it then waits
/// <see cref="Latency"/> (the protocol's per-hop latency, which includes the route's wire latency), then moves
/// <see cref="WireBytes"/> over the route from <see cref="Source"/> to <see cref="Destination"/>, sharing each link
/// fairly with the other transfers on it; it completes when the last byte arrives.
/// </summary>
/// <param name="Id">Index in <see cref="CollectivePlan.Steps"/>.</param>
/// <param name="Source">Sending accelerator.</param>
/// <param name="Destination">Receiving accelerator.</param>
/// <param name="Payload">Data bytes carried.</param>
/// <param name="WireBytes">Bytes on the wire: the payload divided by the protocol's efficiency (LL, LL128 overheads).</param>
/// <param name="Latency">Delay between the dependencies completing and the first byte moving.</param>
/// <param name="Channel">Ring, tree or rail the step belongs to.</param>
/// <param name="Phase">Algorithm step number (ring step, tree level, halving round), for reading and tracing.</param>
public readonly record struct TransferStep(
    int Id,
    DeviceId Source,
    DeviceId Destination,
    Bytes Payload,
    Bytes WireBytes,
    Duration Latency,
    int Channel,
    int Phase);
