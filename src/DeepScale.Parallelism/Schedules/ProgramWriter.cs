using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;

namespace DeepScale.Parallelism.Schedules;

/// <summary>Appends operations to a stage program, numbering them; the methods name the usual kinds of op.</summary>
public sealed class ProgramWriter(int stage)
{
    private readonly List<ScheduleOp> _ops = new(1024);
    private readonly List<int> _awaited = [];

    public int Stage { get; } = stage;

    public int Count => _ops.Count;

    /// <summary>The index of the last op added (−1 when empty).</summary>
    public int Last => _ops.Count - 1;

    public IReadOnlyList<ScheduleOp> Ops => _ops;

    /// <summary>Whether ops on other streams are still waiting to be awaited by the next compute-stream op.</summary>
    public bool Awaiting => _awaited.Count > 0;

    /// <summary>Makes the next op added on the compute stream also wait for op <paramref name="index"/> (a collective left running beside compute).</summary>
    public void Await(int index) => _awaited.Add(index);

    /// <summary>Appends an op, giving it the next index.</summary>
    public int Add(ScheduleOp op)
    {
        int index = _ops.Count;
        if (_awaited.Count > 0 && op.Stream == StreamKind.Compute)
        {
            op = op with { Dependencies = [.. op.Dependencies, .. _awaited] };
            _awaited.Clear();
        }

        _ops.Add(op.Index == index ? op : op with { Index = index });
        return index;
    }

    /// <summary>The index of the last op on <paramref name="stream"/> (−1 when none).</summary>
    public int LastOn(StreamKind stream)
    {
        for (int i = _ops.Count - 1; i >= 0; i--)
        {
            if (_ops[i].Stream == stream)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Replaces the op at <paramref name="op"/>'s index (to add memory released at the end of a pass).</summary>
    public void Replace(ScheduleOp op) => _ops[op.Index] = op;

    public int Compute(string name, TimeCategory category, Duration duration, FlopCount modelFlops, FlopCount hardwareFlops,
        int microbatch = -1, int chunk = 0, StreamKind stream = StreamKind.Compute, ImmutableArray<int> dependencies = default,
        Bytes allocates = default, Bytes frees = default) =>
        Add(new ScheduleOp
        {
            Index = _ops.Count,
            Kind = OpKind.Compute,
            Stream = stream,
            Category = category,
            Name = name,
            Microbatch = microbatch,
            Chunk = chunk,
            Duration = duration,
            ModelFlops = modelFlops,
            HardwareFlops = hardwareFlops,
            Dependencies = dependencies.IsDefault ? [] : dependencies,
            Allocates = allocates,
            Frees = frees,
        });

    public int Collective(string name, CollectiveOp collective, GroupRole group, Bytes bytes, TimeCategory category,
        StreamKind stream = StreamKind.Compute, ImmutableArray<int> dependencies = default, int microbatch = -1, int chunk = 0,
        Bytes allocates = default, Bytes frees = default, int channels = 0) =>
        Add(new ScheduleOp
        {
            Index = _ops.Count,
            Kind = OpKind.Collective,
            Channels = channels,
            Stream = stream,
            Category = category,
            Name = name,
            Collective = collective,
            Group = group,
            Bytes = bytes,
            Dependencies = dependencies.IsDefault ? [] : dependencies,
            Microbatch = microbatch,
            Chunk = chunk,
            Allocates = allocates,
            Frees = frees,
        });

    /// <summary>
    /// A pipeline receive (blocking the compute stream) or send. Data leaves when the send is posted; a blocking
    /// send occupies the compute stream until it has drained, an asynchronous one runs on its direction's send
    /// stream after the last op. <paramref name="forward"/> tells activations from gradients.
    /// </summary>
    public int PointToPoint(bool send, bool forward, string name, int peerStage, int matchKey, Bytes bytes, int microbatch, int chunk, bool blocking = false) =>
        Add(new ScheduleOp
        {
            Index = _ops.Count,
            Kind = send ? OpKind.Send : OpKind.Receive,
            Stream = !send || blocking ? StreamKind.Compute : forward ? StreamKind.ActivationSend : StreamKind.GradientSend,
            Dependencies = send && !blocking && Last >= 0 ? [Last] : [],
            Category = TimeCategory.ExposedPpComm,
            Name = name,
            PeerStage = peerStage,
            MatchKey = matchKey,
            Bytes = bytes,
            Microbatch = microbatch,
            Chunk = chunk,
        });

    public StageProgram Build() => new(Stage, [.. _ops]);
}
