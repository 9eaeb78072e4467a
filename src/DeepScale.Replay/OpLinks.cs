using System.Collections.Immutable;

namespace DeepScale.Replay;

/// <summary>
/// For every op of a rank's program in the last iteration: when it started, which op of the same rank released
/// it (the one among its stream predecessor and its dependencies that ended last), and, for a collective or a
/// receive, the peer it waited for (the last member to arrive, or the sender) with the time that peer arrived. The
/// critical path is read backwards from these links (<see cref="CriticalPath"/>).
/// </summary>
internal sealed class OpLinks(int ops)
{
    /// <summary>Start of each op in ticks.</summary>
    public long[] Start { get; } = new long[ops];

    /// <summary>The op of the same rank whose end released each op's start; -1: the iteration start.</summary>
    public int[] Cause { get; } = new int[ops];

    /// <summary>The rank each communication op waited for (-1: none).</summary>
    public int[] PeerRank { get; } = new int[ops];

    /// <summary>That rank's op (the same collective, or the matching send).</summary>
    public int[] PeerOp { get; } = new int[ops];

    /// <summary>When the peer arrived or posted, in ticks.</summary>
    public long[] PeerTicks { get; } = new long[ops];

    /// <summary>Records that op <paramref name="index"/> started at <paramref name="start"/>.</summary>
    public void Released(int index, long start, int previous, ImmutableArray<int> dependencies, long[] endTicks, long iterationStart)
    {
        int cause = previous;
        long released = previous >= 0 ? endTicks[previous] : iterationStart;
        for (int k = 0; k < dependencies.Length; k++)
        {
            int dep = dependencies[k];
            if (endTicks[dep] > released)
            {
                released = endTicks[dep];
                cause = dep;
            }
        }

        Start[index] = start;
        Cause[index] = cause;
        PeerRank[index] = -1;
    }

    /// <summary>Records the peer a communication op waited for.</summary>
    public void Waited(int index, int rank, int op, long ticks)
    {
        PeerRank[index] = rank;
        PeerOp[index] = op;
        PeerTicks[index] = ticks;
    }
}
