using DeepScale.Des.Resources;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// A cluster's directed links bound to the kernel: one <see cref="BandwidthLink"/> of a <see cref="FairShareNetwork"/>
/// per <see cref="DirectedLink"/>, at the link's achievable capacity, created the first time something crosses it.
/// Everything that moves bytes in one simulation (collective replays, the training replay's network model, storage
/// reads) shares one instance, so their transfers contend on the same links.
/// </summary>
public sealed class ClusterLinks
{
    private readonly BandwidthLink?[] _links;

    public ClusterLinks(FairShareNetwork network, Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(cluster);
        Network = network;
        Cluster = cluster;
        _links = new BandwidthLink?[cluster.Graph.Links.Length];
    }

    public FairShareNetwork Network { get; }

    public Cluster Cluster { get; }

    /// <summary>The kernel link of a directed link.</summary>
    public BandwidthLink this[LinkId id] => this[id.Index];

    /// <summary>The kernel link of the directed link with index <paramref name="index"/>.</summary>
    public BandwidthLink this[int index]
    {
        get
        {
            BandwidthLink? link = _links[index];
            if (link is null)
            {
                DirectedLink d = Cluster.Graph.Links[index];
                link = Network.AddLink(d.Capacity, $"{Cluster.Graph[d.From].Name}->{Cluster.Graph[d.To].Name}");
                _links[index] = link;
            }

            return link;
        }
    }

    /// <summary>The kernel link of a directed link if something has crossed it, else null.</summary>
    public BandwidthLink? Existing(LinkId id) => _links[id.Index];
}
