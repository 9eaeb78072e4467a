using System.Numerics;
using System.Runtime.CompilerServices;

using DeepScale.Des.Events;

namespace DeepScale.Des;

/// <summary>
/// The future event list: entries ordered by (time, priority, insertion sequence), so ties at equal time and
/// priority leave in the order they were scheduled, at any queue size.
/// </summary>
/// <remarks>
/// Two structures hold the entries.
/// <para>Events scheduled for the current instant (resource grants, process starts and ends, store hand-overs: most
/// events of a replay) go to one FIFO lane per priority. A lane holds only entries at the current time and its
/// sequence numbers only grow, so the minimum is the smaller of the lane heads and the future list's minimum under
/// the same key.</para>
/// <para>Later events go to a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990), which works because a simulation
/// never schedules before the present: bucket b holds the entries whose time first differs from the last extracted
/// time in bit b − 1, so a push is O(1) and each entry moves down at most 64 buckets in its life. When bucket 0 (the
/// entries at the next time) runs empty, the lowest non-empty bucket is split around its minimum and the new
/// bucket 0 is sorted by (priority, sequence), which restores FIFO order among ties however they arrived.
/// Measured on the hold model it is about a quarter faster than a 4-ary heap of the same entries.</para>
/// </remarks>
internal sealed class EventQueue
{
    private const int PriorityShift = 56;
    private const int BucketCount = 65;

    private readonly Entry[][] _buckets = new Entry[BucketCount][];
    private readonly int[] _bucketSizes = new int[BucketCount];
    private readonly Lane _urgent = new();
    private readonly Lane _normal = new();

    /// <summary>Next unconsumed entry of bucket 0, which is kept sorted by order.</summary>
    private int _head0;

    /// <summary>The time buckets are placed relative to: the last time taken out of the future list.</summary>
    private long _last;

    private int _futureCount;
    private long _sequence;

    /// <summary>Bit b set when bucket b (b ≥ 1) holds entries: finds the lowest non-empty bucket in one instruction.</summary>
    private ulong _occupied;

    public EventQueue()
    {
        for (int i = 0; i < BucketCount; i++)
        {
            _buckets[i] = new Entry[8];
        }
    }

    /// <summary>Number of entries waiting.</summary>
    public int Count => _futureCount + _urgent.Count + _normal.Count;

    /// <summary>An entry of the queue: when, in which order among ties, and what.</summary>
    internal readonly struct Entry(long time, long order, Event item)
    {
        public readonly long Time = time;

        /// <summary>Priority in the top 8 bits, insertion sequence below: one comparison orders both.</summary>
        public readonly long Order = order;

        public readonly Event Item = item;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Before(in Entry other) => Time < other.Time || (Time == other.Time && Order < other.Order);
    }

    /// <summary>Adds an event at <paramref name="time"/> (never before <paramref name="now"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(long time, EventPriority priority, Event item, long now)
    {
        long order = ((long)priority << PriorityShift) | _sequence++;
        if (time == now)
        {
            (priority == EventPriority.Normal ? _normal : _urgent).Enqueue(new Entry(time, order, item));
            return;
        }

        if (time < _last)
        {
            Rebase(now);
        }

        PushFuture(new Entry(time, order, item));
    }

    /// <summary>The time of the next entry, or <see cref="long.MaxValue"/> when empty.</summary>
    public long PeekTime()
    {
        if (_urgent.Count > 0)
        {
            return _urgent.PeekRef().Time;
        }

        if (_normal.Count > 0)
        {
            return _normal.PeekRef().Time;
        }

        if (_futureCount == 0)
        {
            return long.MaxValue;
        }

        Refill();
        return _buckets[0][_head0].Time;
    }

    /// <summary>Removes the minimal entry. The caller checks <see cref="Count"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Entry Pop()
    {
        if (_urgent.Count > 0)
        {
            return PopLaneOrFuture(_urgent);
        }

        if (_normal.Count > 0)
        {
            return PopLaneOrFuture(_normal);
        }

        Refill();
        return TakeBucket0();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Entry PopLaneOrFuture(Lane lane)
    {
        // A lane entry is at the current time; a future entry can only precede it if it is due now too.
        if (_futureCount > 0)
        {
            long now = lane.PeekRef().Time;
            if (_head0 == _bucketSizes[0] && _last < now)
            {
                Rebase(now);
            }

            if (_head0 < _bucketSizes[0] && _buckets[0][_head0].Before(lane.PeekRef()))
            {
                return TakeBucket0();
            }
        }

        return lane.Dequeue();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Entry TakeBucket0()
    {
        ref Entry slot = ref _buckets[0][_head0++];
        Entry e = slot;
        slot = default;
        _futureCount--;
        return e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketOf(long time) =>
        time == _last ? 0 : BucketCount - 1 - BitOperations.LeadingZeroCount((ulong)(time ^ _last));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushFuture(in Entry entry)
    {
        int b = BucketOf(entry.Time);
        Append(b, entry);
        _futureCount++;
        if (b == 0 && _bucketSizes[0] - _head0 > 1)
        {
            KeepBucket0Sorted();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(int bucket, in Entry entry)
    {
        ref int size = ref _bucketSizes[bucket];
        Entry[] items = _buckets[bucket];
        if (size == items.Length)
        {
            Array.Resize(ref _buckets[bucket], size * 2);
            items = _buckets[bucket];
        }

        items[size++] = entry;
        if (bucket > 0)
        {
            _occupied |= 1UL << (bucket - 1);
        }
    }

    /// <summary>An entry appended to a partly consumed bucket 0 moves back past later-ordered ones (rare: an urgent event).</summary>
    private void KeepBucket0Sorted()
    {
        Entry[] items = _buckets[0];
        int i = _bucketSizes[0] - 1;
        Entry added = items[i];
        while (i > _head0 && added.Order < items[i - 1].Order)
        {
            items[i] = items[i - 1];
            i--;
        }

        items[i] = added;
    }

    /// <summary>When bucket 0 is used up, splits the lowest non-empty bucket around its minimum time.</summary>
    private void Refill()
    {
        if (_head0 < _bucketSizes[0])
        {
            return;
        }

        _head0 = 0;
        _bucketSizes[0] = 0;
        int source = 1 + BitOperations.TrailingZeroCount(_occupied);
        _occupied &= ~(1UL << (source - 1));

        Entry[] items = _buckets[source];
        int count = _bucketSizes[source];
        long min = long.MaxValue;
        for (int k = 0; k < count; k++)
        {
            if (items[k].Time < min)
            {
                min = items[k].Time;
            }
        }

        _last = min;
        _bucketSizes[source] = 0;
        for (int k = 0; k < count; k++)
        {
            Append(BucketOf(items[k].Time), items[k]);
            items[k] = default;
        }

        SortBucket0();
    }

    /// <summary>
    /// Re-places every future entry relative to <paramref name="newLast"/>, an earlier time than the current base
    /// (after a peek moved the base past the clock). Rare: at most once per bounded run.
    /// </summary>
    private void Rebase(long newLast)
    {
        var pending = new List<Entry>(_futureCount);
        for (int b = 0; b < BucketCount; b++)
        {
            Entry[] items = _buckets[b];
            for (int k = b == 0 ? _head0 : 0; k < _bucketSizes[b]; k++)
            {
                pending.Add(items[k]);
            }

            Array.Clear(items, 0, _bucketSizes[b]);
            _bucketSizes[b] = 0;
        }

        _head0 = 0;
        _occupied = 0;
        _last = newLast;
        foreach (Entry e in pending)
        {
            Append(BucketOf(e.Time), e);
        }

        SortBucket0();
    }

    private void SortBucket0()
    {
        if (_bucketSizes[0] > 1)
        {
            _buckets[0].AsSpan(0, _bucketSizes[0]).Sort(ByOrder);
        }
    }

    /// <summary>Orders are unique, so any sort gives the same sequence; a cached delegate sorts without allocating.</summary>
    private static readonly Comparison<Entry> ByOrder = static (x, y) => x.Order.CompareTo(y.Order);

    /// <summary>A growable ring buffer of entries at the current instant.</summary>
    private sealed class Lane
    {
        private Entry[] _items = new Entry[64];
        private int _head;
        private int _count;

        public int Count => _count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref readonly Entry PeekRef() => ref _items[_head];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Enqueue(in Entry entry)
        {
            if (_count == _items.Length)
            {
                Grow();
            }

            int tail = _head + _count;
            if (tail >= _items.Length)
            {
                tail -= _items.Length;
            }

            _items[tail] = entry;
            _count++;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Entry Dequeue()
        {
            ref Entry slot = ref _items[_head];
            Entry e = slot;
            slot = default;
            _head++;
            if (_head == _items.Length)
            {
                _head = 0;
            }

            _count--;
            return e;
        }

        private void Grow()
        {
            var bigger = new Entry[_items.Length * 2];
            for (int k = 0; k < _count; k++)
            {
                bigger[k] = _items[(_head + k) % _items.Length];
            }

            _items = bigger;
            _head = 0;
        }
    }
}
