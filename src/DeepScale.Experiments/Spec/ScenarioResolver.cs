using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Turns a schema-checked spec tree into a <see cref="Scenario"/>: reads every section with its defaults, resolves
/// presets against the model zoo and the hardware catalog, then applies the cross-field checks of
/// <see cref="ScenarioConstraints"/>. The first violation throws a positioned <see cref="SpecException"/>.
/// </summary>
internal static class ScenarioResolver
{
    public static Scenario Resolve(SpecDocument doc, HardwareCatalog catalog)
    {
        SchemaValidator.Check(doc.Root);
        SectionReader root = new(doc.Root, "", doc.Root.Position);
        string name = root.Text("name", 256) ?? throw root.Missing("name", "a name for the run");
        string description = root.Text("description", singleLine: false) ?? "";
        ulong seed = root.Unsigned("seed") ?? 42;
        int iterations = root.Int("iterations", 1, SpecLimits.MaxIterations) ?? 1;
        Fidelity fidelity = root.Choice("fidelity", SpecChoices.Fidelity) ?? Fidelity.Symmetric;

        SectionReader model = Required(root, "model", "the model: a preset (model.preset) or explicit fields");
        ModelDescription modelDescription = ModelResolver.Resolve(model, doc);

        SectionReader? data = root.Section("data");
        StorageTierKind? dataStorage = data?.Choice("storage", SpecChoices.Storage);
        SectionReader cluster = Required(root, "cluster", "the cluster: cluster.system, cluster.gpu or cluster.cloud, and cluster.nodes");
        ScenarioCluster resolvedCluster = HardwareBinding.Resolve(cluster, dataStorage, catalog);

        SectionReader training = Required(root, "training", "the training settings, at least training.global_batch");
        SectionReader parallelism = root.Section("parallelism") ?? new SectionReader(null, "parallelism", doc.Root.Position);
        TrainingLayout layout = Training(training, ScenarioConstraints.Layout(parallelism, resolvedCluster, doc), resolvedCluster);
        DataPipeline? pipeline = data is null ? null : Data(data, dataStorage, resolvedCluster);

        Scenario scenario = new()
        {
            Name = name,
            Description = description,
            Model = modelDescription,
            Cluster = resolvedCluster,
            Layout = layout,
            Data = pipeline,
            Fidelity = fidelity,
            Seed = seed,
            Iterations = iterations,
            Spec = doc,
            SpecSha256 = doc.Sha256(),
        };
        ScenarioConstraints.Check(scenario);
        return scenario;
    }

    private static SectionReader Required(SectionReader root, string key, string what) =>
        root.Node(key) is SpecScalar { IsNull: true } ? throw root.Error(key, "is empty; required: " + what, SpecErrorKind.Missing)
        : root.Section(key) ?? throw root.Missing(key, what);

    private static TrainingLayout Training(SectionReader t, TrainingLayout layout, ScenarioCluster cluster)
    {
        int global = t.Int("global_batch", 1, SpecLimits.MaxGlobalBatch) ?? throw t.Missing("global_batch", "samples per iteration");
        int micro = t.Int("micro_batch", 1, WorkloadLimits.MaxMicroBatch) ?? 1;
        Precision? precision = t.Choice("precision", SpecChoices.Precision);
        if (precision is null)
        {
            Precision[] preferred = [Precision.Bf16, Precision.Fp16, Precision.Fp32];
            precision = preferred.Cast<Precision?>().FirstOrDefault(p => cluster.Accelerator.Supports(p!.Value))
                ?? throw new SpecException(SpecErrorKind.Constraint, "training.precision",
                    $"required: {cluster.Accelerator.Id} has no published peak in bf16, fp16 or fp32; name a precision it supports", t.Position);
        }

        // FlashAttention runs on Turing (the first version) and Ampere or newer (Dao et al., FlashAttention README:
        // "Turing or Ampere GPUs" for v1, "Ampere, Ada, or Hopper GPUs" for v2); Pascal and Volta have no fused kernel.
        bool preTuring = cluster.Accelerator.Id.StartsWith("p100", StringComparison.Ordinal) || cluster.Accelerator.Id.StartsWith("v100", StringComparison.Ordinal);
        AttentionImplementation? attention = t.Choice("attention", SpecChoices.Attention);
        if (preTuring && attention is { } a && a.IsFused())
        {
            throw t.Error("attention", $"{SpecChoices.Attention.SpellingOf(a)} needs FlashAttention, which runs on Turing or newer GPUs; {cluster.Accelerator.Id} is older (use unfused)", SpecErrorKind.Constraint);
        }

        return layout with
        {
            GlobalBatch = global,
            MicroBatch = micro,
            Precision = precision.Value,
            Optimizer = t.Choice("optimizer", SpecChoices.Optimizer) ?? Workloads.Memory.OptimizerKind.Adam,
            Attention = attention ?? (preTuring ? AttentionImplementation.Unfused : AttentionImplementation.Flash),
            FusedElementwise = t.Boolean("fused_kernels") ?? true,
            FusedLoss = t.Boolean("fused_loss") ?? false,
            GradAccumulationFusion = t.Boolean("grad_accumulation_fusion") ?? true,
        };
    }

    private static DataPipeline Data(SectionReader d, StorageTierKind? storage, ScenarioCluster cluster) => new()
    {
        Samples = d.Integer("samples", 1, SpecLimits.MaxSamples) ?? throw d.Missing("samples", "the number of samples in the data set"),
        BytesPerSample = d.Size("bytes_per_sample", Bytes.FromGiB(SpecLimits.MaxSampleGiB))
            ?? throw d.Missing("bytes_per_sample", "the stored size of one sample, e.g. \"3 MiB\""),
        Storage = storage ?? StorageTierKind.LocalNvme,
        WorkersPerNode = d.Int("workers_per_node", 1, SpecLimits.MaxPerNode) ?? cluster.GpusPerNode,
        DecodeTimePerSample = d.Time("decode_time_per_sample", Duration.FromSeconds(SpecLimits.MaxDecodeSeconds), allowZero: true) ?? Duration.Zero,
        PrefetchDepth = d.Int("prefetch_depth", 0, SpecLimits.MaxPerNode) ?? 2,
    };
}
