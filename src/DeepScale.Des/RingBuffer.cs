using System.Runtime.CompilerServices;

namespace DeepScale.Des;

/// <summary>A growable FIFO ring buffer with removal by index, for the waiting queues of resources and stores.</summary>
internal sealed class RingBuffer<T>
{
    private T[] _items = new T[8];
    private int _head;
    private int _count;

    public int Count => _count;

    public T this[int index] => _items[Wrap(_head + index)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[Wrap(_head + _count)] = item;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T RemoveFirst()
    {
        T item = _items[_head];
        _items[_head] = default!;
        _head = Wrap(_head + 1);
        _count--;
        return item;
    }

    /// <summary>Removes the item at <paramref name="index"/> (from the front), keeping the order of the others.</summary>
    public T RemoveAt(int index)
    {
        if (index == 0)
        {
            return RemoveFirst();
        }

        T item = this[index];
        for (int i = index; i < _count - 1; i++)
        {
            _items[Wrap(_head + i)] = _items[Wrap(_head + i + 1)];
        }

        _items[Wrap(_head + _count - 1)] = default!;
        _count--;
        return item;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Wrap(int i) => i >= _items.Length ? i - _items.Length : i;

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (int k = 0; k < _count; k++)
        {
            bigger[k] = _items[Wrap(_head + k)];
        }

        _items = bigger;
        _head = 0;
    }
}
