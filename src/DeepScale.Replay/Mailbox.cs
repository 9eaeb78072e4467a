using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;

namespace DeepScale.Replay;

/// <summary>
/// Pipeline transfers in flight: data leaves when the sender posts its send (eager, like NCCL's buffered
/// point-to-point for activations), and the receiver waits for its arrival. Senders therefore never wait for
/// receivers, so no order of posts can deadlock; the receiver knows when the sender posted, to tell pipeline bubble
/// (waiting for the sender) from transfer time.
/// </summary>
internal sealed class Mailbox<TKey>(Simulation simulation)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Letter> _letters = [];

    /// <summary>The sender posts: the transfer starts now.</summary>
    public Letter Send(TKey key, Func<Event> transfer)
    {
        Letter letter = Get(key);
        letter.SenderPosted = simulation.Now;
        transfer().AddCallback(_ => letter.Arrived.Succeed(true));
        Release(key, letter);
        return letter;
    }

    /// <summary>The receiver posts: it waits for <see cref="Letter.Arrived"/>.</summary>
    public Letter Receive(TKey key)
    {
        Letter letter = Get(key);
        Release(key, letter);
        return letter;
    }

    private Letter Get(TKey key)
    {
        if (!_letters.TryGetValue(key, out Letter? letter))
        {
            letter = new Letter(simulation);
            _letters[key] = letter;
        }

        return letter;
    }

    private void Release(TKey key, Letter letter)
    {
        if (++letter.Parties == 2)
        {
            _letters.Remove(key);
        }
    }

    internal sealed class Letter(Simulation simulation)
    {
        public int Parties;

        /// <summary>When the sender posted (unset until it does).</summary>
        public SimTime? SenderPosted;

        public Event<bool> Arrived { get; } = simulation.Event<bool>();
    }
}
