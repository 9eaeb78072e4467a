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

    /// <summary>The sender posts <paramref name="transfer"/>, started now; the letter arrives when it has happened.</summary>
    public Letter Send(TKey key, Event transfer)
    {
        Letter letter = Get(key);
        letter.SenderPosted = simulation.Now;
        transfer.AddCallback(static (_, l) => l.Succeed(true), letter);
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

    /// <summary>One transfer between two posts: the event of its arrival.</summary>
    internal sealed class Letter(Simulation simulation) : Event<bool>(simulation)
    {
        public int Parties;

        /// <summary>When the sender posted (unset until it does).</summary>
        public SimTime? SenderPosted;

        /// <summary>The sending rank and its program op (for the critical path); -1 until the sender posts.</summary>
        public int SenderRank = -1;

        public int SenderOp = -1;

        /// <summary>The event the receiver waits for.</summary>
        public Event<bool> Arrived => this;
    }
}
