using DeepScale.Parallelism.Layout;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// A fully resolved, validated scenario: the model, the cluster, the parallel strategy, the training settings, the
/// input pipeline, the fidelity, the seed and the identity of the spec it came from. Built only by
/// <see cref="ScenarioLoader"/>; every cross-field constraint holds (tensor·pipeline·data = GPUs, batches divide,
/// the accelerator supports the precision …). Immutable.
/// </summary>
public sealed record Scenario
{
    /// <summary>Name of the run (<c>name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Free text (<c>description</c>).</summary>
    public string Description { get; init; } = "";

    /// <summary>The model, validated.</summary>
    public required ModelDescription Model { get; init; }

    /// <summary>The cluster.</summary>
    public required ScenarioCluster Cluster { get; init; }

    /// <summary>The parallel strategy and training settings (<c>parallelism:</c> and <c>training:</c>), as the parallelism layer takes them.</summary>
    public required TrainingLayout Layout { get; init; }

    /// <summary>The input pipeline; null when data is already in memory.</summary>
    public DataPipeline? Data { get; init; }

    /// <summary>How the scenario is simulated.</summary>
    public Fidelity Fidelity { get; init; } = Fidelity.Symmetric;

    /// <summary>Seed of the run's random generator (default 42).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Training iterations to simulate (default 1).</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>The spec tree the scenario was resolved from, overrides applied (for positions of later errors).</summary>
    public required SpecDocument Spec { get; init; }

    /// <summary>SHA-256 of the canonical spec text (<see cref="SpecDocument.ToCanonicalText"/>), for the manifest.</summary>
    public required string SpecSha256 { get; init; }

    /// <summary>Total GPUs.</summary>
    public int Gpus => Cluster.Gpus;

    /// <summary>Micro-batches each pipeline runs per iteration: global batch / (micro-batch · data).</summary>
    public int MicrobatchesPerPipeline => Layout.Microbatches;

    /// <summary>
    /// An error about a field found after loading (by a strategy, the replay, the planner), positioned where the
    /// field — or the nearest section or preset it comes from — was written in the spec.
    /// </summary>
    public SpecException ErrorAt(string field, string constraint, SpecErrorKind kind = SpecErrorKind.Constraint) =>
        Spec.ErrorAt(field, constraint, kind);
}
