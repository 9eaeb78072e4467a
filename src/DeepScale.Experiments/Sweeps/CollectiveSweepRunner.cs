using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Runs a <see cref="CollectiveExperiment"/>: for each system and GPU count builds the cluster once (one node's
/// worth of GPUs per node, as <c>deepscale collective</c> does) and asks its <see cref="CollectiveModel"/> for every
/// operation, algorithm, protocol and size. A combination the model rejects (an algorithm that does not apply) is
/// skipped with the model's reason.
/// </summary>
public static class CollectiveSweepRunner
{
    public static CollectiveSweepRun Run(CollectiveExperiment experiment, HardwareCatalog? catalog = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        catalog ??= HardwareCatalog.Default;
        var rows = ImmutableArray.CreateBuilder<CollectivePointRow>(experiment.PointCount);
        var skipped = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (string system in experiment.Systems)
        {
            foreach (int gpus in experiment.Gpus)
            {
                cancellation.ThrowIfCancellationRequested();
                int perNode = catalog.System(system).AcceleratorsPerNode;
                var spec = new ClusterSpec(system) { Gpus = gpus, GpusPerNode = Math.Min(perNode, gpus) };
                Cluster cluster;
                try
                {
                    cluster = ClusterBuilder.Build(spec, catalog);
                }
                catch (Exception ex) when (ex is TopologyException or ArgumentException)
                {
                    skipped.Add(($"system={system}, gpus={gpus.ToString(CultureInfo.InvariantCulture)}", ex.Message.ReplaceLineEndings(" ")));
                    continue;
                }

                var model = new CollectiveModel(cluster);
                DeviceId[] group = [.. cluster.Accelerators.Take(gpus)];
                foreach (CollectiveOp op in experiment.Ops)
                {
                    foreach (CollectiveAlgorithm? algorithm in experiment.Algorithms)
                    {
                        foreach (NcclProtocol? protocol in experiment.Protocols)
                        {
                            foreach (Bytes size in experiment.Sizes)
                            {
                                string point = $"system={system}, gpus={gpus.ToString(CultureInfo.InvariantCulture)}, op={CollectiveNames.Of(op)}, " +
                                    $"algorithm={CollectiveNames.Of(algorithm)}, protocol={CollectiveNames.Of(protocol)}, bytes={size}";
                                try
                                {
                                    CollectiveEstimate e = model.Estimate(new CollectiveRequest(op, [.. group], size) { Algorithm = algorithm, Protocol = protocol });
                                    rows.Add(new CollectivePointRow
                                    {
                                        System = system,
                                        Gpus = gpus,
                                        Op = CollectiveNames.Of(op),
                                        AlgorithmRequested = CollectiveNames.Of(algorithm),
                                        ProtocolRequested = CollectiveNames.Of(protocol),
                                        Bytes = size.Count,
                                        Algorithm = CollectiveNames.Of(e.Algorithm),
                                        Protocol = CollectiveNames.Of(e.Protocol),
                                        TimeS = e.Time.Seconds,
                                        LatencyS = e.Latency.Seconds,
                                        AlgbwGbps = e.AlgorithmBandwidth.GBps,
                                        BusbwGbps = e.BusBandwidthValue.GBps,
                                        Fidelity = "analytical",
                                        CatalogVersion = catalog.Version,
                                    });
                                }
                                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
                                {
                                    skipped.Add((point, ex.Message.ReplaceLineEndings(" ")));
                                }
                            }
                        }
                    }
                }
            }
        }

        return new CollectiveSweepRun(experiment, rows.ToImmutable(), skipped.ToImmutable());
    }
}
