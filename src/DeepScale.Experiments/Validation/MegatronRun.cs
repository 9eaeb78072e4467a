using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// A Megatron-LM training run of 2021 (Narayanan et al., SC'21) on DGX A100 nodes, as a scenario spec, with every
/// setting the published rows leave out fixed once by the rule in <see cref="Rule"/>, and its achieved TFLOP/s per
/// GPU computed with the paper's Eq. 3 (<see cref="MegatronFlops"/>). Immutable.
/// </summary>
public sealed record MegatronRun
{
    /// <summary>Name of the scenario.</summary>
    public required string Name { get; init; }

    public required GptShape Model { get; init; }

    public int Tensor { get; init; } = 1;

    public int Pipeline { get; init; } = 1;

    public required int Gpus { get; init; }

    public required int GlobalBatch { get; init; }

    public int MicroBatch { get; init; } = 1;

    /// <summary>ZeRO stage (Table 2 compares ZeRO-3 without model parallelism).</summary>
    public int Zero { get; init; }

    /// <summary>Activation recomputation: <c>full</c> (2021) or <c>selective</c> (Korthikanti et al. 2022).</summary>
    public string Recompute { get; init; } = "full";

    /// <summary>Sequence parallelism (Korthikanti et al. 2022).</summary>
    public bool SequenceParallel { get; init; }

    /// <summary>Model chunks per GPU when the source gives them; null leaves them to the rule (<see cref="Interleaved"/>).</summary>
    public int? GivenVirtualStages { get; init; }

    /// <summary><c>parallelism.overlap.tp_comm</c>: false (Megatron-LM 2021), backward (its asynchronous backward collectives, 2022) or true.</summary>
    public string TpComm { get; init; } = "false";

    /// <summary>Megatron's fused element-wise kernels (Sec. 5.8 compares with them off).</summary>
    public bool FusedKernels { get; init; } = true;

    /// <summary>Megatron's scatter/gather of pipeline activations (Sec. 4.1; Sec. 5.7 compares with it off).</summary>
    public bool ScatterGather { get; init; } = true;

    /// <summary>ZeRO-3 collectives: <c>layer</c> (flat buffer per layer) or <c>tensor</c> (one per parameter tensor).</summary>
    public string ZeroGranularity { get; init; } = "layer";

    /// <summary>Checkpointed layer inputs kept in host memory (<c>parallelism.offload_activations</c>, DeepSpeed's cpu_checkpointing).</summary>
    public bool OffloadActivations { get; init; }

    /// <summary>
    /// The data-parallel gradient all-reduce overlapped with the backward pass (PyTorch DDP, the authors' scripts'
    /// <c>DDP=torch</c>); false reduces after it (Megatron's local DDP, <c>DDP=local</c>, and the rule's default).
    /// </summary>
    public bool GradReduceOverlap { get; init; }

    /// <summary>Catalog system of every node.</summary>
    public string System { get; init; } = "dgx-a100-80gb";

    /// <summary>Data-parallel replicas: GPUs / (tensor · pipeline).</summary>
    public int Data => Gpus / (Tensor * Pipeline);

    /// <summary>Micro-batches per pipeline per iteration: global batch / (micro-batch · data).</summary>
    public int Microbatches => GlobalBatch / (MicroBatch * Data);

    /// <summary>
    /// Whether the run interleaves: as the source gives it, or by the rule: more than one stage, layers /
    /// (pipeline · 2) an integer, and the micro-batches a multiple of the pipeline size (Megatron-LM's condition for
    /// interleaving).
    /// </summary>
    public bool Interleaved => GivenVirtualStages is { } v ? v > 1
        : Pipeline > 1 && Model.Layers % (Pipeline * 2) == 0 && Microbatches % Pipeline == 0;

    /// <summary>The pipeline schedule's spec spelling.</summary>
    public string Schedule => Interleaved ? "interleaved-1f1b" : "1f1b";

    /// <summary>Model chunks per GPU.</summary>
    public int VirtualStages => GivenVirtualStages ?? (Interleaved ? 2 : 1);

    /// <summary>The rule's line on pipeline sends, which runs whose gradient reduction a script gives (<see cref="MegatronScripts"/>) state alone.</summary>
    public const string PipelineSendsLine = "pipeline sends with compute; scatter/gather of pipeline activations on";

    /// <summary>The rule for what the published rows do not give, one setting per line, as the README states it.</summary>
    public static ImmutableArray<string> Rule { get; } =
    [
        "micro-batch 1 unless the row gives one",
        "schedule interleaved-1f1b with 2 virtual stages where pipeline > 1, layers / (pipeline · 2) is an integer and the micro-batches per pipeline are a multiple of the pipeline size; 1f1b otherwise",
        "precision fp16 with Adam (Megatron-LM 2021 trained GPT in fp16)",
        "activation recomputation full (Eq. 3 counts the recomputed forward pass)",
        "attention unfused (no FlashAttention in 2021); fused element-wise kernels on; gradient-accumulation fusion off",
        "no overlap of the data-parallel gradient reduction or of " + PipelineSendsLine,
        "rank placement tp-dp-pp (tensor innermost, then data, then pipeline, as Megatron-LM builds its groups)",
        "dgx-a100-80gb nodes: 8 A100 80 GB on NVSwitch, 8 HDR InfiniBand NICs, fat tree",
        ProductionVariation.RuleLine,
    ];

    /// <summary>The scenario spec of the run.</summary>
    public string ToSpecYaml() => string.Create(CultureInfo.InvariantCulture, $$"""
        name: {{Name}}
        model:
        {{Model.ToSpecLines()}}cluster:
          system: {{System}}
          gpus: {{Gpus}}
          {{ProductionVariation.Yaml}}
        parallelism:
          tensor: {{Tensor}}
          pipeline: {{Pipeline}}
          schedule: {{Schedule}}
          virtual_stages: {{VirtualStages}}
          zero: {{Zero}}
          zero_granularity: {{ZeroGranularity}}
          sequence_parallel: {{(SequenceParallel ? "true" : "false")}}
          recompute: {{Recompute}}
          offload_activations: {{(OffloadActivations ? "true" : "false")}}
          placement: tp-dp-pp
          scatter_gather: {{(ScatterGather ? "true" : "false")}}
          overlap: { grad_reduce: {{(GradReduceOverlap ? "true" : "false")}}, pp_comm: false, tp_comm: {{TpComm}} }
        training:
          global_batch: {{GlobalBatch}}
          micro_batch: {{MicroBatch}}
          precision: fp16
          optimizer: adam
          attention: unfused
          fused_kernels: {{(FusedKernels ? "true" : "false")}}
          grad_accumulation_fusion: false

        """);

    /// <summary>Simulates one iteration and returns the result with the achieved TFLOP/s per GPU of Eq. 3.</summary>
    public (RunResult Result, FlopRate AchievedPerGpu) Simulate(ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RunResult result = options.Simulate(ToSpecYaml(), Name);
        FlopCount flops = MegatronFlops.PerIteration(GlobalBatch, Model.SeqLen, Model.Layers, Model.Hidden, Model.Vocab);
        return (result, MegatronFlops.AchievedPerGpu(flops, Duration.FromSeconds(result.IterationTimeS), Gpus));
    }

    /// <summary>
    /// The notes a suite of runs adds about its rows: ZeRO-3 rows without data-parallel communication
    /// (<see cref="SilentZeroNote"/>) and rows that did not fit in memory <paramref name="how"/>.
    /// </summary>
    public static IReadOnlyList<string> RunNotes(int silentZero, int zeroRows, int notFitting, string how)
    {
        var notes = new List<string>();
        if (SilentZeroNote(silentZero, zeroRows) is { } zeroNote)
        {
            notes.Add(zeroNote);
        }

        if (notFitting > 0)
        {
            notes.Add($"{notFitting} row(s) do not fit in 80 GB as {how} (memory.fits = false); their time is still compared");
        }

        return notes;
    }

    /// <summary>
    /// The note for ZeRO-3 rows whose replay reports no exposed data-parallel communication at all although the
    /// rule turns overlap off (so none could hide): the schedule then carries no parameter all-gather or gradient
    /// reduce-scatter. Null when no such row ran.
    /// </summary>
    public static string? SilentZeroNote(int silent, int zeroRows) => silent == 0 ? null
        : $"{silent} of {zeroRows} ZeRO-3 row(s) report no data-parallel communication at all (exposed_dp_comm = 0 with overlap off): "
          + "the schedule carries no ZeRO-3 parameter all-gather or gradient reduce-scatter, so these predictions omit ZeRO-3's main cost";
}
