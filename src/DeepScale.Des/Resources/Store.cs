namespace DeepScale.Des.Resources;

/// <summary>
/// A FIFO buffer of items between processes (a chunk inbox, a prefetch queue of batches). <see cref="Put"/> waits
/// while the store is full; <see cref="Get"/> waits until an item (matching its filter, if any) is there. Waiting
/// getters are served in arrival order, each taking the oldest item it accepts.
/// </summary>
public sealed class Store<T>
{
    private readonly Simulation _sim;
    private readonly RingBuffer<T> _items = new();
    private readonly RingBuffer<StoreGet<T>> _getters = new();
    private readonly RingBuffer<StorePut<T>> _putters = new();

    public Store(Simulation simulation, int capacity = int.MaxValue, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A store needs a capacity of at least 1.");
        }

        _sim = simulation;
        Capacity = capacity;
        Name = name ?? "Store";
    }

    public string Name { get; }

    public int Capacity { get; }

    /// <summary>Items held now.</summary>
    public int Count => _items.Count;

    /// <summary>Getters waiting for an item.</summary>
    public int WaitingGetters => _getters.Count;

    /// <summary>Offers an item; the event happens when it is in the store (at once unless the store is full).</summary>
    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(_sim, item);
        if (_items.Count < Capacity && _putters.Count == 0)
        {
            _items.Add(item);
            put.Complete();
            ServeGetters();
        }
        else
        {
            _putters.Add(put);
        }

        return put;
    }

    /// <summary>Adds an item at once without an event; false when the store is full.</summary>
    public bool TryPut(T item)
    {
        if (_items.Count >= Capacity || _putters.Count > 0)
        {
            return false;
        }

        _items.Add(item);
        ServeGetters();
        return true;
    }

    /// <summary>Asks for the oldest item (accepted by <paramref name="filter"/>, when given).</summary>
    public StoreGet<T> Get(Func<T, bool>? filter = null)
    {
        var get = new StoreGet<T>(_sim, filter);
        if (_getters.Count == 0 && TryServe(get))
        {
            ServePutters();
        }
        else
        {
            _getters.Add(get);
        }

        return get;
    }

    private bool TryServe(StoreGet<T> get)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (get.Filter is null || get.Filter(_items[i]))
            {
                get.Succeed(_items.RemoveAt(i));
                return true;
            }
        }

        return false;
    }

    private void ServeGetters()
    {
        bool served = false;
        for (int g = 0; g < _getters.Count && _items.Count > 0;)
        {
            if (TryServe(_getters[g]))
            {
                _getters.RemoveAt(g);
                served = true;
            }
            else
            {
                g++;
            }
        }

        if (served)
        {
            ServePutters();
        }
    }

    private void ServePutters()
    {
        bool added = false;
        while (_putters.Count > 0 && _items.Count < Capacity)
        {
            StorePut<T> put = _putters.RemoveFirst();
            _items.Add(put.Item);
            put.Complete();
            added = true;
        }

        if (added)
        {
            ServeGetters();
        }
    }
}
