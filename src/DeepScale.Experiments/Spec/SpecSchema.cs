using System.Collections.Immutable;
using System.Text;

using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Every key a scenario spec accepts: the contract keys of shared/DESIGN.md plus the extensions below, with kind,
/// default and meaning. The loader rejects any other key, naming the nearest valid one; sweeps check their axes
/// against it. <see cref="ToMarkdown"/> prints the table.
/// </summary>
/// <remarks>
/// Keys beyond the DESIGN.md contract:
/// <code>
/// key                                   kind        default            meaning
/// description                           text        ""                 free text carried into reports
/// seed                                  integer     42                 seed of the run's random generator (0 … 2^64−1)
/// iterations                            integer     1                  training iterations simulated (1 … 10^6)
/// model.name                            text        preset id          name of the model in results
/// model.tied_embeddings … token_types   various     family default     transformer details (norm, mlp, positions, causal, biases, dropout)
/// model.image_size/patch_size/channels  integer     preset / 3         ViT image front end (seq_len follows: patches + 1)
/// model.input_channels/height/width     integer     preset             input image of a convolutional preset
/// model.input_features/hidden_sizes/output_features  integers  —      an explicit MLP
/// cluster.gpus                          integer     nodes × per node   total GPUs instead of nodes (a multiple of gpus_per_node)
/// cluster.scale_out.leaf_downlinks      integer     32                 NIC ports per leaf switch
/// cluster.scale_out.nic_rate            byte rate   link's port rate   per-NIC line rate override
/// cluster.scale_out.routing             choice      by link            ecmp | d-mod-k (InfiniBand: d-mod-k)
/// cluster.scale_out.transport           choice      rdma               rdma | tcp (sockets: NICs at 0.6 of line rate)
/// cluster.storage[].per_node_bandwidth  byte rate   one NIC port       each node's attachment to a shared tier
/// cluster.storage[].latency             duration    catalog            access latency of the tier
/// cluster.torus_shape                   [x, y, z]   preset             TPU slice shape
/// parallelism.placement                 choice      tp-pp-dp           rank order: tp-pp-dp | tp-dp-pp (innermost first)
/// training.optimizer                    choice      adam               adam | sgd
/// training.attention                    choice      flash              flash | unfused
/// data.samples                          integer     required           samples in the data set
/// data.bytes_per_sample                 byte size   required           stored size of one sample ("3 MiB")
/// data.storage                          choice      local-nvme         local-nvme | lustre | gpfs | nfs | object-store
/// data.workers_per_node                 integer     GPUs per node      CPU data-loader workers per node
/// data.decode_time_per_sample           duration    "0 s"              CPU decode/augment time of one sample on one worker
/// data.prefetch_depth                   integer     2                  batches each worker prefetches (PyTorch DataLoader prefetch_factor default)
/// </code>
/// </remarks>
public static class SpecSchema
{
    /// <summary>The root of the schema (the top-level keys).</summary>
    public static SpecField Root { get; } = Build();

    /// <summary>Every field path, depth first in documentation order (<c>name</c>, <c>model</c>, <c>model.preset</c>, …).</summary>
    public static ImmutableArray<string> FieldPaths { get; } = [.. Walk(Root, "").Select(x => x.Path)];

    /// <summary>The field at a path (list indices ignored: <c>cluster.storage[1].kind</c> finds <c>cluster.storage.kind</c>), or null.</summary>
    public static SpecField? Find(string path)
    {
        SpecField field = Root;
        foreach (string key in SpecPath.WithoutIndices(path).Split('.'))
        {
            SpecField? child = field.Child(key);
            if (child is null)
            {
                return null;
            }

            field = child;
        }

        return field;
    }

    /// <summary>The known field paths nearest to a mistyped one.</summary>
    public static IReadOnlyList<string> Nearest(string path, int count = 3) => NearestNames.Find(path, FieldPaths, count);

    /// <summary>The schema as a markdown table: field path, kind, default, meaning.</summary>
    public static string ToMarkdown()
    {
        StringBuilder sb = new();
        sb.Append("| field | kind | default | meaning |\n|---|---|---|---|\n");
        foreach ((string path, SpecField f) in Walk(Root, ""))
        {
            string kind = f.Kind switch
            {
                SpecFieldKind.Choice => string.Join(" \\| ", f.Choices),
                SpecFieldKind.SectionOrList => "section or list",
                SpecFieldKind.IntegerList => "integer list",
                _ => f.Kind.ToString().ToLowerInvariant(),
            };
            sb.Append("| `").Append(path).Append("` | ").Append(kind).Append(" | ").Append(Cell(f.Default)).Append(" | ").Append(Cell(f.Summary)).Append(" |\n");
        }

        return sb.ToString();
    }

    /// <summary>Text for a markdown table cell: a literal '|' escaped so it does not end the cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static IEnumerable<(string Path, SpecField Field)> Walk(SpecField field, string path)
    {
        foreach (SpecField child in field.Children)
        {
            string p = SpecPath.Join(path, child.Name);
            yield return (p, child);
            foreach ((string Path, SpecField Field) x in Walk(child, p))
            {
                yield return x;
            }
        }
    }

    private static SpecField Section(string name, string @default, string summary, params SpecField[] children) =>
        new(name, SpecFieldKind.Section, @default, summary) { Children = [.. children] };

    private static SpecField Field(string name, SpecFieldKind kind, string @default, string summary) => new(name, kind, @default, summary);

    private static SpecField Choice(string name, IEnumerable<string> choices, string @default, string summary) =>
        new(name, SpecFieldKind.Choice, @default, summary) { Choices = [.. choices] };

    private static SpecField Build()
    {
        const SpecFieldKind Int = SpecFieldKind.Integer;
        const SpecFieldKind Bool = SpecFieldKind.Boolean;
        const SpecFieldKind Text = SpecFieldKind.Text;
        string widths = $"1 … {WorkloadLimits.MaxWidth}";
        return Section("", "", "a scenario spec",
            Field("name", Text, "required", "name of the run, carried into every result"),
            Field("description", Text, "\"\"", "free text carried into reports"),
            Field("seed", Int, "42", "seed of the run's random generator (0 … 2^64−1)"),
            Field("iterations", Int, "1", $"training iterations simulated (1 … {SpecLimits.MaxIterations})"),
            Choice("fidelity", SpecChoices.Fidelity.Spellings, "symmetric", "analytical closed forms, symmetric replay or full replay"),
            Section("model", "required", "a preset with optional overrides, or an explicit model",
                Field("preset", Text, "—", "model zoo id (gpt3-175b, llama2-70b, resnet50, …); any field below overrides it"),
                Field("name", Text, "preset id", "name of the model in results"),
                Choice("family", SpecChoices.Family.Spellings, "preset's", "architecture family; required without a preset"),
                Field("layers", Int, "preset's", $"transformer layers (1 … {WorkloadLimits.MaxLayers})"),
                Field("hidden", Int, "preset's", "hidden size " + widths),
                Field("heads", Int, "preset's", "attention heads " + widths),
                Field("kv_heads", Int, "heads", "key/value heads (GQA when fewer than heads)"),
                Field("ffn_hidden", Int, "4·hidden (llama: 256-rounded 8/3·hidden)", "feed-forward inner size"),
                Field("seq_len", Int, "preset's (vit: patches + 1)", $"sequence length (1 … {WorkloadLimits.MaxSequence})"),
                Field("vocab", Int, "preset's", $"vocabulary size, or classes for vit (1 … {WorkloadLimits.MaxVocabulary})"),
                Field("tied_embeddings", Bool, "family's", "output projection shares the input embedding"),
                Choice("norm", SpecChoices.Norm.Spellings, "family's", "normalization"),
                Choice("mlp", SpecChoices.Mlp.Spellings, "family's", "feed-forward block"),
                Choice("positions", SpecChoices.Positions.Spellings, "family's", "position embedding"),
                Field("causal", Bool, "family's", "causal (decoder) attention mask"),
                Field("biases", Bool, "family's", "linear layers carry biases"),
                Field("dropout", Bool, "family's", "dropout layers present"),
                Field("token_types", Int, "family's", "token-type embeddings (2 for bert)"),
                Field("image_size", Int, "preset's", "vit: image side in pixels"),
                Field("patch_size", Int, "preset's", "vit: patch side in pixels"),
                Field("channels", Int, "3", "vit: input channels"),
                Field("input_channels", Int, "preset's", "convolutional preset: input channels"),
                Field("input_height", Int, "preset's", "convolutional preset: image height in pixels"),
                Field("input_width", Int, "preset's", "convolutional preset: image width in pixels"),
                Field("input_features", Int, "required for mlp", "mlp: features per sample"),
                Field("hidden_sizes", SpecFieldKind.IntegerList, "[]", "mlp: hidden layer widths"),
                Field("output_features", Int, "required for mlp", "mlp: output classes")),
            Section("cluster", "required", "a system preset, an accelerator, or a cloud instance, and how many",
                Field("system", Text, "the system carrying cluster.gpu", "catalog system id (dgx-a100-80gb, dgx-h100, …)"),
                Field("nodes", Int, "1", $"nodes (1 … {SpecLimits.MaxGpus})"),
                Field("gpus", Int, "nodes × gpus_per_node", "total GPUs; a multiple of gpus_per_node"),
                Field("gpu", Text, "system's", "catalog accelerator id replacing the system's"),
                Field("gpus_per_node", Int, "system's", "accelerators used per node"),
                Field("device_variation", SpecFieldKind.Number, "0",
                    $"relative standard deviation of sustained speed across the accelerators (0 … {DeviceVariation.MaxSigma}; production clusters: {DeviceVariation.ProductionCluster}, Sinha et al. SC'22); the job runs at its slowest device's pace, and full fidelity draws each device's speed from the seed"),
                Section("scale_out", "system's", "the network between nodes",
                    Field("link", Text, "system's", "catalog interconnect id of the NICs (ib-hdr, roce-400g, efa-v2, …)"),
                    Field("nics_per_node", Int, "system's", "NICs per node"),
                    Choice("topology", HardwareBinding.Topologies.Spellings, "system's", "fabric topology"),
                    Field("oversubscription", SpecFieldKind.Number, "1", $"leaf downlink:uplink ratio (1 … {SpecLimits.MaxOversubscription})"),
                    Field("leaf_downlinks", Int, "32", "NIC ports per leaf switch"),
                    Field("nic_rate", SpecFieldKind.ByteRate, "link's port rate", "per-NIC line rate"),
                    Choice("routing", HardwareBinding.Routings.Spellings, "d-mod-k on InfiniBand, ecmp otherwise",
                        "how switches pick among equal-cost paths: per-flow hash (ecmp) or destination port modulo k (d-mod-k)"),
                    Choice("transport", HardwareBinding.Transports.Spellings, "rdma",
                        "how collectives move bytes between nodes: rdma, or tcp sockets (NICs at 0.6 of line rate)")),
                new SpecField("storage", SpecFieldKind.SectionOrList, "local NVMe only", "storage tiers: one mapping or a list of them")
                {
                    Children =
                    [
                        Choice("kind", SpecChoices.Storage.Spellings, "required", "which tier"),
                        Field("read_bandwidth", SpecFieldKind.ByteRate, "catalog (nfs: required)", "aggregate read bandwidth"),
                        Field("per_node_bandwidth", SpecFieldKind.ByteRate, "one NIC port", "each node's attachment to a shared tier"),
                        Field("latency", SpecFieldKind.Duration, "catalog", "access latency"),
                    ],
                },
                Section("cloud", "—", "a cloud instance type: accelerators, network and price from the catalog",
                    Field("provider", Text, "required", "aws | gcp | azure"),
                    Field("instance", Text, "required", "instance type as the provider spells it (p4d.24xlarge)")),
                Field("torus_shape", SpecFieldKind.IntegerList, "preset's", "TPU slice shape [x, y, z]")),
            Section("parallelism", "all defaults", "how the model is split over the GPUs",
                Field("tensor", Int, "1", "tensor-parallel size"),
                Field("context", Int, "1", "context-parallel size: ranks that split each sequence (needs fused attention)"),
                Choice("context_comm", SpecChoices.ContextComm.Spellings, "p2p",
                    "how context-parallel ranks exchange keys and values: p2p passes them around a ring beside the attention kernel (Megatron-Core's default), all-gather gathers them whole first, a2a trades the sequence split for a head split by all-to-alls around the kernel (DeepSpeed-Ulysses; needs the heads divisible by context)"),
                Field("pipeline", Int, "1", "pipeline stages"),
                Field("data", Int, "gpus / (tensor·context·pipeline)", "data-parallel replicas"),
                Choice("schedule", SpecChoices.Schedule.Spellings, "1f1b", "pipeline schedule"),
                Field("virtual_stages", Int, "1", "model chunks per GPU (interleaved-1f1b only)"),
                Field("stage_layers", SpecFieldKind.IntegerList, "equal split", "transformer layers of each pipeline stage in model order (with interleaving, of each model chunk: chunk c of stage s is entry c·pipeline + s); uneven splits allowed, the embedding joins the first entry and the head the last"),
                Field("sequence_parallel", Bool, "false", "shard norms and dropouts along the sequence (no effect at tensor 1)"),
                Field("zero", Int, "0", "ZeRO stage 0 … 3 (3 = FSDP-style full sharding)"),
                Choice("zero_granularity", SpecChoices.ZeroGranularity.Spellings, "layer",
                    "ZeRO-3 collectives: one per layer (FSDP flat parameters; the current and the prefetched layer held gathered) or one per parameter tensor in list form (DeepSpeed ZeRO-3, 2021; its default prefetch bucket of 5e8 and live budget of 1e9 parameters held gathered)"),
                Field("distributed_optimizer", Bool, "false", "Megatron's sharded optimizer"),
                Choice("collective_algorithm", SpecChoices.CollectiveAlgorithm.Spellings, "auto",
                    "collective algorithm wherever it applies, as NCCL_ALGO sets it (auto: NCCL's own choice per collective)"),
                Section("overlap", "framework defaults", "communication overlapped with compute",
                    Field("grad_reduce", Bool, "true", "gradient reduction overlapped with backward"),
                    Field("param_gather", Bool, "false", "parameter all-gather overlapped with forward"),
                    Choice("tp_comm", SpecChoices.TpComm.Spellings, "false", "tensor-parallel communication overlapped with GEMMs: true runs the backward's collectives beside its GEMMs (Megatron-LM) and, with sequence_parallel, the forward's all-gathers and reduce-scatters pipelined with their GEMMs in tensor-size chunks (Transformer Engine's userbuffers); backward runs only the backward's, on NCCL (Megatron-LM without userbuffers)"),
                    Field("pp_comm", Bool, "false", "pipeline sends drain while the stage computes (Megatron waits for them)")),
                Field("scatter_gather", Bool, "true", "Megatron's scatter/gather of pipeline activations over the tensor ranks"),
                Field("averaging_period", Int, "1", "local SGD: average parameters every H steps instead of reducing gradients every step"),
                Field("gradient_bucket", SpecFieldKind.ByteSize, "\"25 MiB\"", "data-parallel gradient bucket (PyTorch DDP bucket_cap_mb)"),
                Choice("recompute", SpecChoices.Recompute.Spellings, "none", "activation recomputation"),
                Field("offload_activations", Bool, "false", "keep the checkpointed layer inputs in host memory (DeepSpeed's cpu_checkpointing): each layer's forward copies its input over the PCIe host link and its recomputation copies it back, both blocking; needs recompute full"),
                Choice("placement", SpecChoices.Placement.Spellings, "tp-pp-dp", "rank order, innermost first")),
            Section("training", "required", "batch, precision and optimizer",
                Field("global_batch", Int, "required", "samples per iteration"),
                Field("micro_batch", Int, "1", "samples per micro-batch"),
                Choice("precision", SpecChoices.Precision.Spellings, "bf16 if supported, else fp16, else fp32", "compute precision"),
                Choice("optimizer", SpecChoices.Optimizer.Spellings, "adam", "optimizer"),
                Choice("attention", SpecChoices.Attention.Spellings, "flash (unfused on Pascal and Volta)",
                    "attention kernel: flash (the device generation's best fused kernel: FlashAttention-2 up to Ampere, FlashAttention-3 class from Hopper), flash2 or flash1 (those FlashAttention versions; flash1 runs one thread block per sample and head), flash-triton (the Triton FlashAttention of 2022 that MPT ran: flash1's efficiency, the sequence split across thread blocks), unfused (scores through memory)"),
                Field("fused_kernels", Bool, "true", "fused element-wise kernels (bias+GeLU, bias+dropout+add, scale+mask+softmax)"),
                Field("fused_loss", Bool, "false", "the loss as one fused kernel on the 16-bit logits (flash-attn's cross-entropy, llm-foundry's default) instead of Megatron-LM's passes over fp32 logits; no fp32 copy of the logits"),
                Field("grad_accumulation_fusion", Bool, "true", "weight-gradient GEMMs accumulate into the fp32 main gradient (off: a separate add per micro-batch, Megatron-LM 2021)")),
            Section("data", "none: data already in memory", "the input pipeline",
                Field("samples", Int, "required", "samples in the data set"),
                Field("bytes_per_sample", SpecFieldKind.ByteSize, "required", "stored size of one sample"),
                Choice("storage", SpecChoices.Storage.Spellings, "local-nvme", "tier the data set is read from"),
                Field("workers_per_node", Int, "gpus_per_node", "CPU data-loader workers per node"),
                Field("decode_time_per_sample", SpecFieldKind.Duration, "0 s", "CPU decode and augment time per sample per worker"),
                Field("prefetch_depth", Int, "2", "batches each worker prefetches")));
    }
}
