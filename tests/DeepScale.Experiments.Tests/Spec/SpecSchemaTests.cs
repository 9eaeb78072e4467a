using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

[TestClass]
public sealed class SpecSchemaTests
{
    /// <summary>Every key of the spec contract in shared/DESIGN.md, including the commented ones.</summary>
    private static readonly string[] s_contract =
    [
        "name", "fidelity",
        "model", "model.preset", "model.family", "model.layers", "model.hidden", "model.heads", "model.kv_heads",
        "model.ffn_hidden", "model.seq_len", "model.vocab",
        "cluster", "cluster.system", "cluster.nodes", "cluster.gpu", "cluster.gpus_per_node", "cluster.scale_out",
        "cluster.scale_out.link", "cluster.scale_out.nics_per_node", "cluster.scale_out.topology",
        "cluster.scale_out.oversubscription", "cluster.storage", "cluster.storage.kind", "cluster.storage.read_bandwidth",
        "cluster.cloud", "cluster.cloud.provider", "cluster.cloud.instance",
        "parallelism", "parallelism.tensor", "parallelism.pipeline", "parallelism.data", "parallelism.schedule",
        "parallelism.virtual_stages", "parallelism.sequence_parallel", "parallelism.zero", "parallelism.distributed_optimizer",
        "parallelism.overlap", "parallelism.overlap.grad_reduce", "parallelism.overlap.param_gather", "parallelism.overlap.tp_comm",
        "parallelism.recompute",
        "training", "training.global_batch", "training.micro_batch", "training.precision", "training.optimizer", "training.attention",
    ];

    private static readonly string[] s_extensions =
    [
        "seed", "iterations", "parallelism.placement", "data", "data.samples", "data.bytes_per_sample", "data.storage",
        "data.workers_per_node", "data.decode_time_per_sample", "data.prefetch_depth",
    ];

    [TestMethod]
    public void FieldPaths_CoverTheDesignContractAndTheExtensions()
    {
        foreach (string path in s_contract.Concat(s_extensions))
        {
            Assert.Contains(path, SpecSchema.FieldPaths);
        }
    }

    [TestMethod]
    public void Find_ListIndexInPath_IsIgnored()
    {
        Assert.AreEqual(SpecFieldKind.Choice, SpecSchema.Find("cluster.storage[3].kind")!.Kind);
        Assert.IsNull(SpecSchema.Find("cluster.storage.speed"));
    }

    [TestMethod]
    public void Choices_MatchTheContractSpellings()
    {
        CollectionAssert.AreEqual(new[] { "gpipe", "1f1b", "interleaved-1f1b" }, SpecSchema.Find("parallelism.schedule")!.Choices.ToArray());
        CollectionAssert.AreEqual(new[] { "fp32", "tf32", "fp16", "bf16", "fp8" }, SpecSchema.Find("training.precision")!.Choices.ToArray());
        CollectionAssert.AreEqual(new[] { "analytical", "symmetric", "full" }, SpecSchema.Find("fidelity")!.Choices.ToArray());
        CollectionAssert.AreEqual(new[] { "none", "selective", "full" }, SpecSchema.Find("parallelism.recompute")!.Choices.ToArray());
        CollectionAssert.AreEqual(new[] { "tp-pp-dp", "tp-dp-pp" }, SpecSchema.Find("parallelism.placement")!.Choices.ToArray());
        CollectionAssert.AreEqual(new[] { "local-nvme", "lustre", "gpfs", "nfs", "object-store" }, SpecSchema.Find("data.storage")!.Choices.ToArray());
        CollectionAssert.AreEqual(new[] { "gpt", "llama", "bert", "vit", "resnet", "cnn", "mlp" }, SpecSchema.Find("model.family")!.Choices.ToArray());
    }

    [TestMethod]
    public void ToMarkdown_HasOneRowPerField()
    {
        string table = SpecSchema.ToMarkdown();

        foreach (string path in SpecSchema.FieldPaths)
        {
            Assert.Contains("| `" + path + "` |", table);
        }

        Assert.AreEqual(SpecSchema.FieldPaths.Length + 2, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
