using DeepScale.Des;
using DeepScale.Des.Events;

namespace DeepScale.Replay;

/// <summary>
/// Where the simulated members of a collective, or the two ends of a point-to-point transfer, meet: the network
/// activity starts when the last expected party arrives, and everybody waits for the same completion.
/// </summary>
internal sealed class Rendezvous<TKey>(Simulation simulation)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Meeting> _open = [];

    /// <summary>
    /// Registers an arrival. When it is the last of <paramref name="expected"/>, <paramref name="complete"/> is true
    /// and the caller starts the network activity at once and hands it to <see cref="Meeting.FinishWith"/>.
    /// </summary>
    public Meeting Arrive(TKey key, int expected, out bool complete)
    {
        if (!_open.TryGetValue(key, out Meeting? meeting))
        {
            meeting = new Meeting(simulation);
            _open[key] = meeting;
        }

        meeting.Arrived++;
        if (meeting.Arrived == 1)
        {
            meeting.FirstArrival = simulation.Now;
        }

        complete = meeting.Arrived == expected;
        if (complete)
        {
            _open.Remove(key);
            meeting.LastArrival = simulation.Now;
        }

        return meeting;
    }

    /// <summary>A meeting: the event everybody waits for, done when the network activity started for it is.</summary>
    internal sealed class Meeting(Simulation simulation) : Event<bool>(simulation)
    {
        public int Arrived;

        public Core.Units.SimTime FirstArrival;

        public Core.Units.SimTime LastArrival;

        /// <summary>The rank and program op of the last party to arrive (for the critical path); -1 until it has.</summary>
        public int LastRank = -1;

        public int LastOp = -1;

        /// <summary>True when the collective runs as work on the members' shared cores (loopback).</summary>
        public bool OnCores;

        /// <summary>The event the members wait for.</summary>
        public Event<bool> Done => this;

        /// <summary>Completes the meeting when <paramref name="network"/> has happened.</summary>
        public void FinishWith(Event network) => network.AddCallback(static (_, m) => m.Succeed(true), this);
    }
}
