using DeepScale.Des.Monitoring;

namespace DeepScale.Des.Resources;

/// <summary>
/// A continuous level between zero and a capacity (HBM bytes, a power budget). <see cref="Put"/> waits while the
/// amount does not fit, <see cref="Get"/> while the level is too low. Each side is served strictly in arrival
/// order: a large waiting request is not overtaken by later small ones (no starvation).
/// </summary>
public sealed class Container
{
    private readonly Simulation _sim;
    private readonly RingBuffer<ContainerRequest> _puts = new();
    private readonly RingBuffer<ContainerRequest> _gets = new();

    public Container(Simulation simulation, double capacity, double initialLevel = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (!(capacity > 0) || !double.IsFinite(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A container needs a positive capacity.");
        }

        if (!double.IsFinite(initialLevel) || initialLevel < 0 || initialLevel > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(initialLevel), initialLevel, $"The initial level must lie in [0, {capacity}].");
        }

        _sim = simulation;
        Capacity = capacity;
        Level = initialLevel;
        Name = name ?? "Container";
    }

    public string Name { get; }

    public double Capacity { get; }

    /// <summary>The amount held now.</summary>
    public double Level { get; private set; }

    /// <summary>The highest level reached.</summary>
    public double PeakLevel { get; private set; }

    /// <summary>Time-weighted level; null (off) by default.</summary>
    public TimeWeightedMonitor? LevelMonitor { get; set; }

    /// <summary>Adds <paramref name="amount"/>; the event happens when it fits.</summary>
    public ContainerRequest Put(double amount)
    {
        var put = new ContainerRequest(_sim, Check(amount), isPut: true);
        _puts.Add(put);
        Serve();
        return put;
    }

    /// <summary>Takes <paramref name="amount"/>; the event happens when the level allows.</summary>
    public ContainerRequest Get(double amount)
    {
        var get = new ContainerRequest(_sim, Check(amount), isPut: false);
        _gets.Add(get);
        Serve();
        return get;
    }

    private double Check(double amount)
    {
        if (!double.IsFinite(amount) || amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount must be positive and finite.");
        }

        if (amount > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"{amount} exceeds the capacity {Capacity} of {Name}: the request could never be served.");
        }

        return amount;
    }

    private void Serve()
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            if (_puts.Count > 0 && Level + _puts[0].Amount <= Capacity)
            {
                ContainerRequest put = _puts.RemoveFirst();
                SetLevel(Level + put.Amount);
                put.Complete();
                progress = true;
            }

            if (_gets.Count > 0 && _gets[0].Amount <= Level)
            {
                ContainerRequest get = _gets.RemoveFirst();
                SetLevel(Level - get.Amount);
                get.Complete();
                progress = true;
            }
        }
    }

    private void SetLevel(double level)
    {
        Level = level;
        if (level > PeakLevel)
        {
            PeakLevel = level;
        }

        LevelMonitor?.Update(_sim.Now, level);
    }
}
