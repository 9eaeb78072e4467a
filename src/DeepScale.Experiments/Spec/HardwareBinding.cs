using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;
using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// The one place the spec loader talks to the Hardware layer: resolves the <c>cluster:</c> section against the
/// catalog (system, accelerator, cloud instance, links, storage tiers) into a <see cref="ClusterSpec"/>, and checks
/// up front the shape errors <c>ClusterBuilder</c> would raise, so they carry YAML positions without building the
/// (possibly large) topology at load time.
/// </summary>
/// <remarks>
/// A cloud instance is modelled on the catalog system that carries its accelerator (the first such system by id,
/// unless <c>cluster.system</c> names one), with the instance's accelerator count per node and, when the catalog
/// knows the instance's network bandwidth, that bandwidth split evenly over the node's NICs.
/// </remarks>
internal static class HardwareBinding
{
    public static readonly ChoiceTable<ScaleOutTopology> Topologies = new(
        ("fat-tree", ScaleOutTopology.FatTree), ("rail-optimized", ScaleOutTopology.RailOptimized), ("torus-3d", ScaleOutTopology.Torus3D));

    public static readonly ChoiceTable<FabricRouting> Routings = new(("ecmp", FabricRouting.Ecmp), ("d-mod-k", FabricRouting.DestinationModulo));

    public static readonly ChoiceTable<NetworkTransport> Transports = new(("rdma", NetworkTransport.Rdma), ("tcp", NetworkTransport.Sockets));

    private static readonly ByteRate s_maxRate = new(SpecLimits.MaxBytesPerSecond);

    public static ScenarioCluster Resolve(SectionReader c, StorageTierKind? dataStorage, HardwareCatalog catalog)
    {
        string? systemId = c.Text("system", 256);
        string? gpuId = c.Text("gpu", 256);
        int? nodesGiven = c.Int("nodes", 1, SpecLimits.MaxGpus);
        int? gpusGiven = c.Int("gpus", 1, SpecLimits.MaxGpus);
        int? perNodeGiven = c.Int("gpus_per_node", 1, SpecLimits.MaxPerNode);
        double variation = c.Number("device_variation", 0, DeviceVariation.MaxSigma) ?? 0;

        CloudInstanceSpec? instance = c.Section("cloud") is { } cloud ? CloudInstance(cloud, catalog) : null;
        if (instance is not null)
        {
            if (gpuId is not null && gpuId != instance.AcceleratorId)
            {
                throw c.Error("gpu", $"{gpuId} differs from the {instance.AcceleratorId} of cloud instance {instance.Instance}", SpecErrorKind.Constraint);
            }

            gpuId = instance.AcceleratorId;
            if (!instance.IsPerChip)
            {
                if (perNodeGiven > instance.Accelerators)
                {
                    throw c.Error("gpus_per_node", $"{perNodeGiven} exceeds the {instance.Accelerators} accelerators of {instance.Instance}", SpecErrorKind.Constraint);
                }

                perNodeGiven ??= instance.Accelerators;
            }
        }

        AcceleratorSpec? accelerator = gpuId is null ? null : Lookup(c, "gpu", "accelerator", gpuId, catalog.Accelerator, catalog.Accelerators.Select(a => a.Id));
        SystemSpec system;
        if (systemId is not null)
        {
            system = Lookup(c, "system", "system", systemId, catalog.System, catalog.Systems.Select(s => s.Id));
            if (instance is not null && Chip(system.AcceleratorId) != Chip(instance.AcceleratorId))
            {
                throw c.Error("system", $"{system.Id} carries {system.AcceleratorId}, not the {instance.AcceleratorId} of cloud instance {instance.Instance}; name a system of that accelerator or leave cluster.system out",
                    SpecErrorKind.Constraint);
            }
        }
        else if (accelerator is not null)
        {
            system = catalog.Systems.FirstOrDefault(s => s.AcceleratorId == accelerator.Id)
                ?? throw new SpecException(SpecErrorKind.Missing, "cluster.system",
                    $"required: no catalog system carries accelerator {accelerator.Id}; name the node layout to use (e.g. hgx-a100) and keep cluster.gpu",
                    c.Node("gpu")?.Position ?? c.Position);
        }
        else
        {
            throw c.Missing("system", "name a system preset (cluster.system), an accelerator (cluster.gpu) or a cloud instance (cluster.cloud)");
        }

        accelerator ??= catalog.Accelerator(system.AcceleratorId);
        bool torus = system.Fabric == ScaleUpFabric.Torus;
        int perNode = perNodeGiven ?? system.AcceleratorsPerNode;
        if (perNode > system.AcceleratorsPerNode && !torus)
        {
            throw c.Error("gpus_per_node", $"{perNode} exceeds the {system.AcceleratorsPerNode} accelerators of a {system.Id} node", SpecErrorKind.Constraint);
        }

        int nodes = NodeCount(c, nodesGiven, gpusGiven, perNode);
        ScaleOutSpec? scaleOut = ScaleOut(c, system, instance, nodes, perNode, torus, catalog);
        (ImmutableArray<StorageTierSpec> tiers, ImmutableArray<StorageTierKind> kinds) = Storage(c, dataStorage, scaleOut, system);
        ImmutableArray<int>? torusShape = TorusShape(c, torus, system, nodes * perNode);
        ClusterSpec spec = new(system.Id, nodes)
        {
            GpusPerNode = perNode,
            Gpu = accelerator.Id,
            ScaleOut = scaleOut,
            Storage = tiers.IsEmpty ? null : tiers,
            TorusShape = torusShape,
        };
        return new ScenarioCluster(spec, system.Id, accelerator, nodes, perNode, catalog.Version)
        {
            CloudInstance = instance,
            SharedStorage = kinds,
            DeviceVariation = variation,
        };
    }

    /// <summary>
    /// Requires that the catalog can time kernels on the scenario's accelerator (a documented or calibrated
    /// efficiency profile); a spec error naming the key that chose the accelerator otherwise. Loading a spec does not
    /// need it (its topology can be built and inspected), simulating it does.
    /// </summary>
    public static void RequireCostModel(Scenario scenario, HardwareCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        catalog ??= HardwareCatalog.Default;
        string id = scenario.Cluster.Accelerator.Id;
        if (catalog.HasEfficiencyProfile(id))
        {
            return;
        }

        string field = scenario.Spec.Find("cluster.gpu") is not null ? "cluster.gpu"
            : scenario.Spec.Find("cluster.cloud") is not null ? "cluster.cloud" : "cluster.system";
        throw new SpecException(SpecErrorKind.Constraint, field,
            $"{id} is in the catalog but has no compute-efficiency profile (compute units, kernel launch and host costs) to time kernels with; simulated accelerators: {string.Join(", ", ComputeEfficiencyProfile.KnownAccelerators)}",
            scenario.Spec.Locate(field));
    }

    /// <summary>The chip of an accelerator id, its memory variant and form factor left out ("a100" of "a100-sxm4-40gb").</summary>
    private static string Chip(string acceleratorId) => acceleratorId.Split('-')[0];

    /// <summary>Builds the topology of a resolved cluster; Hardware errors become positioned spec errors.</summary>
    public static Cluster Build(Scenario scenario, HardwareCatalog? catalog)
    {
        try
        {
            return ClusterBuilder.Build(scenario.Cluster.Spec, catalog);
        }
        catch (TopologyException ex)
        {
            string prefix = ex.Field + ": ";
            string constraint = ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message;
            throw new SpecException(SpecErrorKind.Constraint, ex.Field, constraint, scenario.Spec.Locate(ex.Field), ex);
        }
    }

    private static int NodeCount(SectionReader c, int? nodesGiven, int? gpusGiven, int perNode)
    {
        if (gpusGiven is int gpus)
        {
            if (gpus % perNode != 0)
            {
                throw c.Error("gpus", $"{gpus} is not a multiple of gpus_per_node {perNode}", SpecErrorKind.Constraint);
            }

            if (nodesGiven is int n && (long)n * perNode != gpus)
            {
                throw c.Error("nodes", $"{n} nodes of {perNode} GPUs are {(long)n * perNode} GPUs, not cluster.gpus {gpus}", SpecErrorKind.Constraint);
            }

            return gpus / perNode;
        }

        int nodes = nodesGiven ?? 1;
        if ((long)nodes * perNode > SpecLimits.MaxGpus)
        {
            throw c.Error("nodes", $"{nodes} nodes of {perNode} GPUs exceed the limit of {SpecLimits.MaxGpus} GPUs");
        }

        return nodes;
    }

    private static CloudInstanceSpec CloudInstance(SectionReader cloud, HardwareCatalog catalog)
    {
        string provider = (cloud.Text("provider", 64) ?? throw cloud.Missing("provider", "the cloud provider (aws, gcp, azure)")).ToLowerInvariant();
        string name = cloud.Text("instance", 256) ?? throw cloud.Missing("instance", "the instance type as the provider spells it (e.g. p4d.24xlarge)");
        List<string> providers = [.. catalog.CloudInstances.Select(i => i.Provider).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (!providers.Contains(provider))
        {
            throw cloud.Error("provider", $"unknown provider {SpecText.Quote(provider)}; the catalog has {string.Join(", ", providers)}", SpecErrorKind.UnknownId);
        }

        List<CloudInstanceSpec> offered = [.. catalog.CloudInstances.Where(i => i.Provider == provider)];
        CloudInstanceSpec instance = offered.FirstOrDefault(i => string.Equals(i.Instance, name, StringComparison.OrdinalIgnoreCase) || i.Id == name)
            ?? throw cloud.Error("instance", $"{provider} instance {SpecText.Quote(name)} is not in the catalog; nearest: {string.Join(", ", NearestNames.Find(name, offered.Select(i => i.Instance)))}",
                SpecErrorKind.UnknownId);
        return instance.AcceleratorId.Length == 0
            ? throw cloud.Error("instance", $"the catalog maps no accelerator to {instance.Instance} ({instance.AcceleratorModel})", SpecErrorKind.UnknownId)
            : instance;
    }

    private static ScaleOutSpec? ScaleOut(SectionReader c, SystemSpec system, CloudInstanceSpec? instance, int nodes, int perNode, bool torus, HardwareCatalog catalog)
    {
        SectionReader? so = c.Section("scale_out");
        string? linkId = so?.Text("link", 256);
        LinkSpec? link = null;
        if (linkId is not null)
        {
            IEnumerable<string> networks = catalog.Links.Where(IsNetwork).Select(l => l.Id);
            link = Lookup(so!, "link", "interconnect", linkId, catalog.Link, networks);
            if (!IsNetwork(link))
            {
                throw so!.Error("link", $"{link.Id} is a {link.Category} link, not a network between nodes; networks: {string.Join(", ", networks)}", SpecErrorKind.Constraint);
            }
        }

        int? nics = so?.Int("nics_per_node", 0, SpecLimits.MaxPerNode);
        ScaleOutTopology? topology = so?.Choice("topology", Topologies);
        double? oversubscription = so?.Number("oversubscription", 1, SpecLimits.MaxOversubscription);
        int? leafDownlinks = so?.Int("leaf_downlinks", 1, SpecLimits.MaxPerNode);
        ByteRate? nicRate = so?.Rate("nic_rate", s_maxRate);
        FabricRouting? routing = so?.Choice("routing", Routings);
        NetworkTransport? transport = so?.Choice("transport", Transports);

        if (torus && topology is not (null or ScaleOutTopology.Torus3D))
        {
            throw so!.Error("topology", $"{system.Id} chips connect through ICI; use torus-3d", SpecErrorKind.Constraint);
        }

        if (torus && routing is not null)
        {
            throw so!.Error("routing", $"{system.Id} chips connect through ICI, which has no switches to route; routing applies to fat trees", SpecErrorKind.Constraint);
        }

        if (!torus && topology == ScaleOutTopology.Torus3D)
        {
            throw so!.Error("topology", $"torus-3d needs a TPU system; {system.Id} is {system.Fabric}", SpecErrorKind.Constraint);
        }

        string nicLink = linkId ?? system.ScaleOutLinkId;
        int resolvedNics = nics ?? (linkId is not null && system.NicsPerNode == 0 ? perNode : system.NicsPerNode);
        if (!torus && nodes > 1 && (nicLink.Length == 0 || resolvedNics < 1))
        {
            SpecException error = nicLink.Length == 0
                ? new SpecException(SpecErrorKind.Constraint, "cluster.scale_out.link",
                    $"{nodes} nodes of {system.Id} need a network between nodes, but the preset has no NICs; set cluster.scale_out.link and nics_per_node",
                    so?.Node("link")?.Position ?? so?.Position ?? c.Node("nodes")?.Position ?? c.Position)
                : so?.Error("nics_per_node", $"{nodes} nodes need at least one NIC per node", SpecErrorKind.Constraint)
                    ?? c.Error("nodes", $"{nodes} nodes of {system.Id} need at least one NIC per node", SpecErrorKind.Constraint);
            throw error;
        }

        if (nicRate is null && instance?.Network is ByteRate network && resolvedNics > 0 && !torus)
        {
            nicRate = network / resolvedNics;
        }

        bool any = linkId is not null || nics is not null || topology is not null || oversubscription is not null || leafDownlinks is not null || nicRate is not null
            || routing is not null || transport is not null;
        return any
            ? new ScaleOutSpec
            {
                Link = linkId,
                NicsPerNode = nics,
                Topology = topology,
                Oversubscription = oversubscription,
                LeafDownlinks = leafDownlinks,
                NicRate = nicRate,
                Routing = routing,
                Transport = transport,
            }
            : null;
    }

    private static (ImmutableArray<StorageTierSpec> Tiers, ImmutableArray<StorageTierKind> Kinds) Storage(SectionReader c, StorageTierKind? dataStorage, ScaleOutSpec? scaleOut, SystemSpec system)
    {
        List<SectionReader> entries = c.Node("storage") switch
        {
            null or SpecScalar { IsNull: true } => [],
            SpecList list => [.. list.Items.Select((n, i) => new SectionReader(n as SpecMap, SpecPath.Item("cluster.storage", i), n.Position))],
            _ => [c.Section("storage")!],
        };
        bool hasNic = (scaleOut?.Link ?? system.ScaleOutLinkId).Length > 0;
        ImmutableArray<StorageTierSpec>.Builder tiers = ImmutableArray.CreateBuilder<StorageTierSpec>();
        ImmutableArray<StorageTierKind>.Builder kinds = ImmutableArray.CreateBuilder<StorageTierKind>();
        HashSet<StorageTierKind> seen = [];
        foreach (SectionReader s in entries)
        {
            StorageTierKind kind = s.Choice("kind", SpecChoices.Storage) ?? throw s.Missing("kind", "the tier: " + SpecText.OrList(SpecChoices.Storage.Spellings));
            if (!seen.Add(kind))
            {
                throw s.Error("kind", $"{SpecChoices.Storage.SpellingOf(kind)} is listed twice", SpecErrorKind.Constraint);
            }

            StorageTierSpec tier = new(kind)
            {
                ReadBandwidth = s.Rate("read_bandwidth", s_maxRate),
                PerNodeBandwidth = s.Rate("per_node_bandwidth", s_maxRate),
                Latency = s.Time("latency", Duration.FromSeconds(SpecLimits.MaxLatencySeconds), allowZero: true),
            };
            if (kind == StorageTierKind.Nfs && tier.ReadBandwidth is null)
            {
                throw s.Missing("read_bandwidth", "the catalog has no NFS throughput, so an nfs tier needs its read_bandwidth");
            }

            if (kind is not (StorageTierKind.LocalNvme or StorageTierKind.ObjectStore) && tier.PerNodeBandwidth is null && !hasNic)
            {
                throw s.Missing("per_node_bandwidth", $"{system.Id} has no NIC to infer each node's attachment to {SpecChoices.Storage.SpellingOf(kind)} from");
            }

            tiers.Add(tier);
            if (kind != StorageTierKind.LocalNvme)
            {
                kinds.Add(kind);
            }
        }

        if (dataStorage is StorageTierKind wanted && wanted != StorageTierKind.LocalNvme && !seen.Contains(wanted))
        {
            if (wanted == StorageTierKind.Nfs)
            {
                throw new SpecException(SpecErrorKind.Missing, "cluster.storage",
                    "required: data.storage is nfs, so the cluster needs a storage tier {kind: nfs, read_bandwidth: …} (the catalog has no NFS throughput)",
                    c.Node("storage")?.Position ?? c.Position);
            }

            if (wanted != StorageTierKind.ObjectStore && !hasNic)
            {
                throw new SpecException(SpecErrorKind.Missing, "cluster.storage",
                    $"required: data.storage is {SpecChoices.Storage.SpellingOf(wanted)}, and {system.Id} has no NIC to attach to it; add a storage tier with per_node_bandwidth",
                    c.Node("storage")?.Position ?? c.Position);
            }

            tiers.Add(new StorageTierSpec(wanted));
            kinds.Add(wanted);
        }

        return (tiers.ToImmutable(), kinds.ToImmutable());
    }

    private static ImmutableArray<int>? TorusShape(SectionReader c, bool torus, SystemSpec system, int gpus)
    {
        ImmutableArray<long>? shape = c.IntegerList("torus_shape", 1, SpecLimits.MaxGpus, 3, 3);
        if (shape is not { } s)
        {
            return null;
        }

        if (!torus)
        {
            throw c.Error("torus_shape", $"only TPU systems have a torus; {system.Id} is {system.Fabric}", SpecErrorKind.Constraint);
        }

        long chips = s[0] * s[1] * s[2];
        return chips != gpus
            ? throw c.Error("torus_shape", $"{s[0]}x{s[1]}x{s[2]} = {chips} chips but the cluster has {gpus}", SpecErrorKind.Constraint)
            : [.. s.Select(v => (int)v)];
    }


    private static bool IsNetwork(LinkSpec link) =>
        link.Category is LinkCategory.ScaleOut or LinkCategory.CloudFabric or LinkCategory.ScaleUpAndOut;

    private static T Lookup<T>(SectionReader s, string key, string kind, string id, Func<string, T> find, IEnumerable<string> valid)
    {
        try
        {
            return find(id);
        }
        catch (UnknownCatalogIdException)
        {
            throw s.Error(key, $"unknown {kind} {SpecText.Quote(id)}; nearest valid ids: {string.Join(", ", NearestNames.Find(id, valid))}", SpecErrorKind.UnknownId);
        }
    }
}
