using System.Globalization;

using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// Turns a plan into a scenario the way a user would: its settings are written into the spec as field overrides
/// (<see cref="ScenarioLoader.ApplyOverride(SpecDocument, string, SpecNode)"/>) and the spec is resolved by the
/// loader, so a plan is checked by the same rules as a hand-written spec.
/// </summary>
public static class PlanScenarios
{
    private static readonly SpecPosition s_position = SpecPosition.InSource("plan");

    /// <summary>
    /// The spec of a plan: <paramref name="clusterSpec"/> (the spec with the plan's cluster already written in) with the
    /// plan's name, parallel sizes, schedule, sharding, recomputation, sequence parallelism and micro-batch.
    /// </summary>
    public static SpecDocument SpecFor(SpecDocument clusterSpec, PlanSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(clusterSpec);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        SpecDocument doc = clusterSpec;
        if (doc.Find("parallelism") is SpecMap parallelism && parallelism.Find("stage_layers") is not null)
        {
            // A plan splits the layers equally over its own pipeline (the search proposes only pipelines that divide them).
            doc = Set(doc, "parallelism", PlanClusters.Without(parallelism, "stage_layers"));
        }

        doc = Set(doc, "name", new SpecScalar(name, true, s_position));
        doc = Set(doc, "parallelism.tensor", Integer(settings.Tensor));
        doc = Set(doc, "parallelism.context", Integer(settings.Context));
        if (settings.Context > 1)
        {
            doc = Set(doc, "parallelism.context_comm", Plain(settings.ContextCommunicationName));
        }

        doc = Set(doc, "parallelism.pipeline", Integer(settings.Pipeline));
        doc = Set(doc, "parallelism.data", Integer(settings.Data));
        doc = Set(doc, "parallelism.schedule", Plain(settings.Schedule));
        doc = Set(doc, "parallelism.virtual_stages", Integer(settings.VirtualStages));
        doc = Set(doc, "parallelism.sequence_parallel", Plain(settings.SequenceParallel ? "true" : "false"));
        doc = Set(doc, "parallelism.zero", Integer(settings.ZeroStage));
        doc = Set(doc, "parallelism.distributed_optimizer", Plain(settings.DistributedOptimizer ? "true" : "false"));
        doc = Set(doc, "parallelism.recompute", Plain(settings.RecomputeName));
        doc = Set(doc, "training.micro_batch", Integer(settings.MicroBatch));
        bool sharded = settings.ZeroStage >= 1 || settings.DistributedOptimizer;
        if (!sharded && doc.Find("parallelism.overlap.param_gather") is SpecScalar { Value: not null })
        {
            // Without sharded parameters there is nothing to gather; the loader refuses the overlap then.
            doc = Set(doc, "parallelism.overlap.param_gather", Plain("false"));
        }

        if (settings.Recompute != RecomputeMode.Full && doc.Find("parallelism.offload_activations") is SpecScalar { Value: not null })
        {
            // Offloaded checkpoints exist only under full recomputation; the plan's other policies keep them on the device.
            doc = Set(doc, "parallelism.offload_activations", Plain("false"));
        }

        return doc;
    }

    /// <summary>The validated scenario of a plan (see <see cref="SpecFor"/>).</summary>
    public static Scenario ScenarioFor(SpecDocument clusterSpec, PlanSettings settings, string name, HardwareCatalog? catalog = null) =>
        ScenarioLoader.Resolve(SpecFor(clusterSpec, settings, name), catalog);

    private static SpecDocument Set(SpecDocument doc, string path, SpecNode value) => ScenarioLoader.ApplyOverride(doc, path, value);

    private static SpecScalar Integer(int value) => new(value.ToString(CultureInfo.InvariantCulture), false, s_position);

    private static SpecScalar Plain(string value) => new(value, false, s_position);
}
