using DeepScale.Core.Units;

namespace DeepScale.Replay;

/// <summary>
/// A rank's device memory during the replay: the static part plus what operations allocate and free. Allocation
/// never blocks (a real framework would fail with out-of-memory, not wait); the ledger records the peak so the
/// result can say whether, and by how much, the configuration overflows.
/// </summary>
internal sealed class MemoryLedger(Bytes staticBytes)
{
    private double _level = staticBytes.Count;

    public Bytes Peak { get; private set; } = staticBytes;

    public void Allocate(Bytes bytes)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        _level += bytes.Count;
        if (_level > Peak.Count)
        {
            Peak = new Bytes(_level);
        }
    }

    public void Free(Bytes bytes) => _level -= bytes.Count;
}
