using BenchmarkDotNet.Attributes;

using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>
/// One iteration of GPT-3 175B on 1,024 A100 (TP 8 · PP 16 · DP 8, global batch 1536), from the loaded scenario to
/// the result record, at each fidelity: the replay-speed targets of the training replay.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private const string Spec = """
        name: gpt3-175b-1024-a100
        model: { preset: gpt3-175b }
        cluster: { system: dgx-a100-80gb, nodes: 128 }
        parallelism:
          tensor: 8
          pipeline: 16
          data: 8
          schedule: interleaved-1f1b
          virtual_stages: 2
          recompute: full
        training: { global_batch: 1536, micro_batch: 1, precision: bf16 }
        """;

    private Scenario _scenario = null!;

    [Params(Fidelity.Analytical, Fidelity.Symmetric, Fidelity.Full)]
    public Fidelity Fidelity { get; set; }

    [GlobalSetup]
    public void Setup() => _scenario = ScenarioLoader.LoadText(Spec, "gpt3-175b.yaml");

    [Benchmark]
    public double SimulateIteration() =>
        ScenarioRunner.Run(_scenario, new RunOptions { Fidelity = Fidelity }).Result.IterationTimeS;
}
