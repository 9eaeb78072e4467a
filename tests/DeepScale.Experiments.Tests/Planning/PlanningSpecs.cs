using System.Globalization;

using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Planning;

/// <summary>Small specs and requests the planner tests share (written inline so the tests need no data files).</summary>
internal static class PlanningSpecs
{
    /// <summary>A GPT preset on DGX A100 nodes, bf16, flash attention; no parallelism written (the planner chooses it).</summary>
    public static SpecDocument OnDgx(string preset, int nodes, int globalBatch, string extraTraining = "") => ScenarioLoader.ParseText(
        string.Create(CultureInfo.InvariantCulture, $"""
        name: plan-{preset}-{nodes * 8}
        model:
          preset: {preset}
        cluster:
          system: dgx-a100-80gb
          nodes: {nodes}
        training:
          global_batch: {globalBatch}
          precision: bf16{extraTraining}
        """), "test");

    /// <summary>A GPT preset on AWS p4d.24xlarge instances (A100 40 GB, 400 Gb/s EFA), bf16.</summary>
    public static SpecDocument OnAws(string preset, int nodes, int globalBatch) => ScenarioLoader.ParseText(
        string.Create(CultureInfo.InvariantCulture, $"""
        name: plan-{preset}-aws
        model:
          preset: {preset}
        cluster:
          cloud: {"{ provider: aws, instance: p4d.24xlarge }"}
          nodes: {nodes}
        training:
          global_batch: {globalBatch}
          precision: bf16
        """), "test");

    /// <summary>A Megatron SC21 Table 1 configuration as written in the paper: fp16, unfused attention, full recompute,
    /// interleaved schedule where a pipeline exists, gradient reduction after the backward pass (Megatron-LM 2021).</summary>
    public static SpecDocument Megatron(string preset, int gpus, int globalBatch, int tensor, int pipeline, int virtualStages) => ScenarioLoader.ParseText(
        string.Create(CultureInfo.InvariantCulture, $"""
        name: megatron-{preset}-{gpus}
        model:
          preset: {preset}
        cluster:
          system: dgx-a100-80gb
          nodes: {gpus / 8}
        parallelism:
          tensor: {tensor}
          pipeline: {pipeline}
          schedule: {(virtualStages > 1 ? "interleaved-1f1b" : "1f1b")}
          virtual_stages: {virtualStages}
          recompute: full
          overlap: {"{ grad_reduce: false }"}
        training:
          global_batch: {globalBatch}
          micro_batch: 1
          precision: fp16
          attention: unfused
        """), "test");

    /// <summary>The analytical search only: the top plans' results are the analytical ones.</summary>
    public static PlanRequest Analytical(SpecDocument spec, int top = 10, PlanSearchSpace? space = null) =>
        new() { Spec = spec, Replay = false, Top = top, Space = space ?? new PlanSearchSpace() };
}
