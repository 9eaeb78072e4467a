using DeepScale.Core.Units;
using DeepScale.Des.Monitoring;

namespace DeepScale.Des.Resources;

/// <summary>
/// One direction of a link (an NVLink port, a NIC, a switch uplink, a storage target) in a
/// <see cref="FairShareNetwork"/>: a capacity that the transfers crossing it share max-min fairly.
/// </summary>
public sealed class BandwidthLink
{
    /// <summary>The registered transfers crossing the link: all of them whenever it carries two or more (a loose transfer, alone on its links, is only counted).</summary>
    internal readonly List<Transfer> Flows = [];

    /// <summary>Capacity in bytes per tick, the unit the rate computation works in.</summary>
    internal readonly double CapacityPerTick;

    internal double Residual;
    internal int Unfrozen;
    internal double UnfrozenWeight;
    internal int Stamp;

    private TimeWeightedMonitor? _utilization;

    internal BandwidthLink(FairShareNetwork network, int index, ByteRate capacity, string name)
    {
        Network = network;
        Index = index;
        Capacity = capacity;
        Name = name;
        CapacityPerTick = capacity.BytesPerSecond / Duration.TicksPerSecond;
    }

    public FairShareNetwork Network { get; }

    /// <summary>Position in the network's link list.</summary>
    public int Index { get; }

    public string Name { get; }

    public ByteRate Capacity { get; }

    /// <summary>Transfers crossing the link now.</summary>
    public int ActiveTransfers => Network.OccupancyOf(Index);

    /// <summary>The sum of the rates of the transfers crossing the link now.</summary>
    public ByteRate Load
    {
        get
        {
            double perTick = 0;
            foreach (Transfer t in Flows)
            {
                perTick += t.RatePerTick * t.WeightOn(this);
            }

            perTick += Network.LooseLoadPerTick(this);
            return new ByteRate(perTick * Duration.TicksPerSecond);
        }
    }

    /// <summary>Bytes of finished transfers that crossed this link.</summary>
    public Bytes BytesCarried => new(Network.CarriedOf(Index));

    /// <summary>Time-weighted fraction of the capacity in use; null (off) by default.</summary>
    public TimeWeightedMonitor? Utilization
    {
        get => _utilization;
        set
        {
            if ((_utilization is null) != (value is null))
            {
                Network.MonitorChanged(value is not null);
            }

            _utilization = value;
        }
    }

    public override string ToString() => $"{Name} ({Capacity}, {Flows.Count} active)";
}
