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

    /// <summary>Registers an arrival; <paramref name="start"/> runs once, when the last of <paramref name="expected"/> arrives.</summary>
    public Meeting Arrive(TKey key, int expected, Func<Event> start)
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

        if (meeting.Arrived == expected)
        {
            _open.Remove(key);
            meeting.LastArrival = simulation.Now;
            Event network = start();
            network.AddCallback(_ => meeting.Done.Succeed(true));
        }

        return meeting;
    }

    internal sealed class Meeting(Simulation simulation)
    {
        public int Arrived;

        public Core.Units.SimTime FirstArrival;

        public Core.Units.SimTime LastArrival;

        public Event<bool> Done { get; } = simulation.Event<bool>();
    }
}
