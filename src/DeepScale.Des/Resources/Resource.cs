using DeepScale.Des.Monitoring;

namespace DeepScale.Des.Resources;

/// <summary>
/// A resource with a number of identical slots (a GPU's compute stream, a CPU data-loader worker). A process
/// requests a slot, waits for the grant, uses it and releases it; <c>using (var req = r.Request()) { yield return
/// req; … }</c> releases even when the process ends early. Waiting requests are granted in FIFO or priority order.
/// </summary>
public sealed class Resource
{
    private readonly Simulation _sim;
    private readonly RingBuffer<Request>? _fifo;
    private readonly PriorityQueue<Request, (int Priority, long Sequence)>? _byPriority;
    private long _sequence;
    private int _inUse;
    private int _waiting;

    public Resource(Simulation simulation, int capacity, ResourceQueueDiscipline discipline = ResourceQueueDiscipline.Fifo, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A resource needs a capacity of at least 1.");
        }

        _sim = simulation;
        Capacity = capacity;
        Discipline = discipline;
        Name = name ?? "Resource";
        if (discipline == ResourceQueueDiscipline.Fifo)
        {
            _fifo = new RingBuffer<Request>();
        }
        else
        {
            _byPriority = new PriorityQueue<Request, (int, long)>();
        }
    }

    public Simulation Simulation => _sim;

    public string Name { get; }

    public int Capacity { get; }

    public ResourceQueueDiscipline Discipline { get; }

    /// <summary>Slots held now.</summary>
    public int InUse => _inUse;

    /// <summary>Requests waiting for a slot.</summary>
    public int QueueLength => _waiting;

    /// <summary>Time-weighted fraction of slots in use; null (off) by default.</summary>
    public TimeWeightedMonitor? Utilization { get; set; }

    /// <summary>Time-weighted number of waiting requests; null (off) by default.</summary>
    public TimeWeightedMonitor? QueueMonitor { get; set; }

    /// <summary>Asks for a slot; the returned event happens when it is granted. Lower <paramref name="priority"/> goes first.</summary>
    public Request Request(int priority = 0)
    {
        var request = new Request(_sim, this, priority);
        if (_inUse < Capacity && _waiting == 0)
        {
            Grant(request);
        }
        else
        {
            if (_fifo is not null)
            {
                _fifo.Add(request);
            }
            else
            {
                _byPriority!.Enqueue(request, (priority, _sequence++));
            }

            _waiting++;
            QueueMonitor?.Update(_sim.Now, _waiting);
        }

        return request;
    }

    /// <summary>Gives a granted slot back and grants waiting requests; a request not holding a slot is an error.</summary>
    public void Release(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this))
        {
            throw new InvalidOperationException($"The request belongs to {request.Resource.Name}, not to {Name}.");
        }

        if (request.Status != RequestStatus.Granted)
        {
            throw new InvalidOperationException(
                $"Cannot release a request of {Name} that is not held (it is {request.Status.ToString().ToLowerInvariant()}).");
        }

        request.Status = RequestStatus.Released;
        _inUse--;
        GrantWaiting();
        Utilization?.Update(_sim.Now, _inUse / (double)Capacity);
    }

    /// <summary>Withdraws a request that is still waiting.</summary>
    internal void Cancel(Request request)
    {
        request.Status = RequestStatus.Cancelled;
        _waiting--;
        QueueMonitor?.Update(_sim.Now, _waiting);
    }

    private void GrantWaiting()
    {
        while (_inUse < Capacity && _waiting > 0)
        {
            Request next = _fifo is not null ? _fifo.RemoveFirst() : _byPriority!.Dequeue();
            if (next.Status == RequestStatus.Cancelled)
            {
                continue;
            }

            _waiting--;
            QueueMonitor?.Update(_sim.Now, _waiting);
            Grant(next);
        }

        // Cancelled requests left at the front are dropped lazily; keep the queues from holding only those.
        if (_waiting == 0)
        {
            while (_fifo is not null && _fifo.Count > 0)
            {
                _fifo.RemoveFirst();
            }

            _byPriority?.Clear();
        }
    }

    private void Grant(Request request)
    {
        _inUse++;
        request.Status = RequestStatus.Granted;
        request.GrantNow();
        Utilization?.Update(_sim.Now, _inUse / (double)Capacity);
    }
}
