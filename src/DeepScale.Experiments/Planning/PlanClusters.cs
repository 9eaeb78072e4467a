using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The clusters a plan request allows: the spec's own system at each GPU count the request names (<c>--gpus</c>,
/// every whole number of nodes up to <c>--max-gpus</c>, or the spec's count), or, when the spec names a cloud
/// instance or the request lists instance types, each instance type at each instance count. Each is the spec with
/// its <c>cluster:</c> section rewritten and resolved by the loader's hardware binding, so its checks and messages
/// are the loader's.
/// </summary>
internal static class PlanClusters
{
    private static readonly SpecPosition s_position = SpecPosition.InSource("plan");

    /// <summary>Keys of <c>cluster:</c> that name or size the nodes; a cloud option replaces them.</summary>
    private static readonly string[] s_shapeKeys = ["system", "gpu", "gpus_per_node", "nodes", "gpus", "cloud", "torus_shape"];

    public static List<PlanClusterOption> Enumerate(PlanRequest request, Scenario baseScenario, ScenarioCluster specCluster, HardwareCatalog catalog, List<string> skipped)
    {
        ImmutableArray<CloudInstanceSpec> instances = Instances(request, specCluster, catalog);
        var options = new List<PlanClusterOption>();
        if (instances.IsEmpty)
        {
            int perNode = specCluster.GpusPerNode;
            foreach ((int nodes, int gpusPerNode) in Shapes(request, specCluster.Gpus, perNode, allowPartialNode: true, specCluster.SystemId))
            {
                SpecDocument doc = OnPremises(request.Spec, specCluster, nodes, gpusPerNode);
                Add(options, skipped, doc, baseScenario, catalog);
            }

            return options;
        }

        foreach (CloudInstanceSpec instance in instances)
        {
            SpecDocument single = Cloud(request.Spec, specCluster, instance, 1);
            ScenarioCluster? one = TryResolve(single, catalog, skipped, $"{instance.Provider}:{instance.Instance}");
            if (one is null)
            {
                continue;
            }

            List<(int Nodes, int GpusPerNode)> shapes;
            try
            {
                shapes = [.. Shapes(request, specCluster.Gpus, one.GpusPerNode, allowPartialNode: false, instance.Instance)];
            }
            catch (PlanException ex) when (instances.Length > 1)
            {
                skipped.Add($"{instance.Provider}:{instance.Instance}: {ex.Message}");
                continue;
            }

            foreach ((int nodes, _) in shapes)
            {
                Add(options, skipped, Cloud(request.Spec, specCluster, instance, nodes), baseScenario, catalog);
            }
        }

        return options;
    }

    /// <summary>
    /// The instance types a request searches: those listed (<c>provider</c> for all of a provider's priced GPU
    /// instances, or <c>provider:instance</c>), or when none are listed and the spec names a cloud instance, all priced
    /// instance types of the spec's provider; empty on premises.
    /// </summary>
    public static ImmutableArray<CloudInstanceSpec> Instances(PlanRequest request, ScenarioCluster specCluster, HardwareCatalog catalog)
    {
        var all = catalog.CloudInstances.Where(Usable).OrderBy(i => i.Provider, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        if (request.Instances is not { } listed)
        {
            return specCluster.CloudInstance is { } spec ? [.. all.Where(i => i.Provider == spec.Provider)] : [];
        }

        var chosen = new List<CloudInstanceSpec>();
        foreach (string raw in listed)
        {
            string entry = raw.Trim();
            int colon = entry.IndexOf(':', StringComparison.Ordinal);
            string provider = (colon < 0 ? entry : entry[..colon]).Trim().ToLowerInvariant();
            List<CloudInstanceSpec> offered = [.. all.Where(i => i.Provider == provider)];
            if (offered.Count == 0)
            {
                string providers = string.Join(", ", all.Select(i => i.Provider).Distinct(StringComparer.Ordinal));
                throw new PlanException($"--instances: unknown provider '{provider}' in '{entry}'; the catalog prices instances of {providers}");
            }

            if (colon < 0)
            {
                chosen.AddRange(offered);
                continue;
            }

            string name = entry[(colon + 1)..].Trim();
            CloudInstanceSpec instance = offered.FirstOrDefault(i => string.Equals(i.Instance, name, StringComparison.OrdinalIgnoreCase) || i.Id == name)
                ?? throw new PlanException($"--instances: {provider} has no priced GPU instance '{name}' in the catalog; nearest: {string.Join(", ", NearestNames.Find(name, offered.Select(i => i.Instance)))}");
            chosen.Add(instance);
        }

        return [.. chosen.Distinct()];
    }

    /// <summary>The spec with its nodes set for an on-premises GPU count.</summary>
    public static SpecDocument OnPremises(SpecDocument spec, ScenarioCluster specCluster, int nodes, int gpusPerNode)
    {
        if (nodes == specCluster.Nodes && gpusPerNode == specCluster.GpusPerNode)
        {
            return spec;
        }

        SpecMap cluster = (SpecMap)spec.Find("cluster")!;
        cluster = Without(cluster, "torus_shape").With("nodes", Integer(nodes), s_position);
        if (cluster.Find("gpus") is not null)
        {
            cluster = cluster.With("gpus", Integer(nodes * gpusPerNode), s_position);
        }

        if (gpusPerNode != specCluster.GpusPerNode || cluster.Find("gpus_per_node") is not null)
        {
            cluster = cluster.With("gpus_per_node", Integer(gpusPerNode), s_position);
        }

        return ScenarioLoader.ApplyOverride(spec, "cluster", cluster);
    }

    /// <summary>The spec with its nodes replaced by <paramref name="nodes"/> instances of a cloud instance type.</summary>
    public static SpecDocument Cloud(SpecDocument spec, ScenarioCluster specCluster, CloudInstanceSpec instance, int nodes)
    {
        SpecMap cluster = (SpecMap)spec.Find("cluster")!;
        bool sameInstance = specCluster.CloudInstance?.Id == instance.Id;
        cluster = Without(cluster, sameInstance ? s_shapeKeys : [.. s_shapeKeys, "scale_out"]);
        var cloud = new SpecMap([new SpecEntry("provider", s_position, Text(instance.Provider)), new SpecEntry("instance", s_position, Text(instance.Instance))], s_position);
        cluster = cluster.With("cloud", cloud, s_position).With("nodes", Integer(nodes), s_position);
        return ScenarioLoader.ApplyOverride(spec, "cluster", cluster);
    }

    /// <summary>
    /// The spec on one GPU with a trivially valid parallelism (all sizes 1, 1F1B, no sharding, micro-batch 1), so that
    /// the model and the training settings resolve whatever parallelism the spec wrote for its own cluster.
    /// </summary>
    public static SpecDocument Neutral(SpecDocument spec)
    {
        SpecMap cluster = Without((SpecMap)spec.Find("cluster")!, "gpus", "torus_shape")
            .With("nodes", Integer(1), s_position).With("gpus_per_node", Integer(1), s_position);
        SpecMap parallelism = spec.Find("parallelism") is SpecMap given ? Without(given, "stage_layers") : new SpecMap([], s_position);
        parallelism = parallelism.With("tensor", Integer(1), s_position).With("pipeline", Integer(1), s_position)
            .With("data", Integer(1), s_position).With("schedule", new SpecScalar("1f1b", false, s_position), s_position)
            .With("virtual_stages", Integer(1), s_position).With("zero", Integer(0), s_position)
            .With("distributed_optimizer", new SpecScalar("false", false, s_position), s_position)
            .With("sequence_parallel", new SpecScalar("false", false, s_position), s_position);
        if (parallelism.Find("overlap") is { Value: SpecMap overlap })
        {
            parallelism = parallelism.With("overlap", overlap.With("param_gather", new SpecScalar("false", false, s_position), s_position), s_position);
        }

        SpecDocument doc = ScenarioLoader.ApplyOverride(spec, "cluster", cluster);
        doc = ScenarioLoader.ApplyOverride(doc, "parallelism", parallelism);
        return ScenarioLoader.ApplyOverride(doc, "training.micro_batch", Integer(1));
    }

    /// <summary>The cluster section of a spec resolved as the loader resolves it (no topology is built).</summary>
    public static ScenarioCluster Resolve(SpecDocument doc, HardwareCatalog catalog)
    {
        var root = new SectionReader(doc.Root, "", doc.Root.Position);
        var storage = root.Section("data")?.Choice("storage", SpecChoices.Storage);
        SectionReader cluster = root.Section("cluster") ?? throw root.Missing("cluster", "the cluster");
        return HardwareBinding.Resolve(cluster, storage, catalog);
    }

    private static void Add(List<PlanClusterOption> options, List<string> skipped, SpecDocument doc, Scenario baseScenario, HardwareCatalog catalog)
    {
        if (TryResolve(doc, catalog, skipped) is not { } cluster)
        {
            return;
        }

        if (!catalog.HasEfficiencyProfile(cluster.Accelerator.Id))
        {
            string unprofiled = $"{Describe(cluster)}: {cluster.Accelerator.Id} has no compute-efficiency profile to time kernels with";
            if (!skipped.Contains(unprofiled))
            {
                skipped.Add(unprofiled);
            }

            return;
        }

        // The loader's rule: the spec's precision, or else bf16, fp16, fp32, whichever the accelerator computes first.
        Precision? precision = doc.Find("training.precision") is not null
            ? baseScenario.Layout.Precision
            : ((Precision[])[Precision.Bf16, Precision.Fp16, Precision.Fp32]).Cast<Precision?>().FirstOrDefault(p => cluster.Accelerator.Supports(p!.Value));
        if (precision is not Precision chosen || !cluster.Accelerator.Supports(chosen))
        {
            string reason = $"{Describe(cluster)}: {cluster.Accelerator.Id} does not compute in {(precision ?? baseScenario.Layout.Precision).ToSpecString()}";
            if (!skipped.Contains(reason))
            {
                skipped.Add(reason);
            }

            return;
        }

        options.Add(new PlanClusterOption(options.Count, doc, cluster, chosen, catalog, baseScenario.Layout.Collectives.Preferred()));
    }

    private static string Describe(ScenarioCluster c) => c.CloudInstance is { } i ? $"{i.Provider}:{i.Instance}" : c.SystemId;

    /// <summary>The cluster of <paramref name="doc"/>, or null after noting once why it cannot be built (named by <paramref name="what"/> when given).</summary>
    private static ScenarioCluster? TryResolve(SpecDocument doc, HardwareCatalog catalog, List<string> skipped, string? what = null)
    {
        string? reason;
        try
        {
            return Resolve(doc, catalog);
        }
        catch (SpecException ex)
        {
            reason = what is null ? ex.Message : $"{what}: {ex.Field}: {ex.Constraint}";
        }
        catch (TopologyException ex)
        {
            reason = what is null ? ex.Message : $"{what}: {ex.Message}";
        }

        if (!skipped.Contains(reason))
        {
            skipped.Add(reason);
        }

        return null;
    }

    /// <summary>(nodes, GPUs per node) for each GPU count the request allows.</summary>
    private static IEnumerable<(int Nodes, int GpusPerNode)> Shapes(PlanRequest request, int specGpus, int perNode, bool allowPartialNode, string what)
    {
        if (request.Gpus is int gpus)
        {
            if (gpus % perNode == 0)
            {
                return [(gpus / perNode, perNode)];
            }

            return allowPartialNode && gpus < perNode
                ? [(1, gpus)]
                : throw new PlanException($"--gpus {gpus} is not a whole number of {what} nodes of {perNode} GPUs");
        }

        if (request.MaxGpus is int max)
        {
            if (max < perNode)
            {
                return allowPartialNode
                    ? [(1, max)]
                    : throw new PlanException($"--max-gpus {max} is less than one {what} node of {perNode} GPUs");
            }

            return Enumerable.Range(1, max / perNode).Select(n => (n, perNode));
        }

        return specGpus % perNode == 0
            ? [(specGpus / perNode, perNode)]
            : throw new PlanException($"the spec's {specGpus} GPUs are not a whole number of {what} nodes of {perNode} GPUs; pass --gpus or --max-gpus");
    }

    private static bool Usable(CloudInstanceSpec i) => i.AcceleratorId.Length > 0 && i.OnDemandUsdPerHour is > 0;

    internal static SpecMap Without(SpecMap map, params string[] keys) =>
        map with { Entries = [.. map.Entries.Where(e => !keys.Contains(e.Key, StringComparer.Ordinal))] };

    private static SpecScalar Integer(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), false, s_position);

    private static SpecScalar Text(string value) => new(value, true, s_position);
}
