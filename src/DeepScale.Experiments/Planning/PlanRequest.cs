using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// What to plan: a parsed spec (its model, training settings and cluster; its parallelism is only the starting point),
/// the objective, the GPUs allowed, the budget and deadline of the training job and its length, the cloud instance
/// types to choose from, the search space and how many plans to replay. Immutable.
/// </summary>
/// <remarks>
/// Instance types (<see cref="Instances"/>, the command line's <c>--instances</c>): each entry is a provider
/// (<c>aws</c>: every instance type of the provider the catalog prices and maps to an accelerator) or
/// <c>provider:instance</c> (<c>aws:p4d.24xlarge</c>, <c>azure:Standard_ND96asr_v4</c>). Without a list, a spec whose
/// <c>cluster.cloud</c> names an instance is planned over every priced instance type of its provider; a spec without
/// <c>cluster.cloud</c> is planned on its own system.
/// </remarks>
public sealed record PlanRequest
{
    public required SpecDocument Spec { get; init; }

    public PlanObjective Objective { get; init; } = PlanObjective.Throughput;

    /// <summary>Exactly this many GPUs (exclusive with <see cref="MaxGpus"/>); neither: the spec's count.</summary>
    public int? Gpus { get; init; }

    /// <summary>Any whole number of nodes up to this many GPUs.</summary>
    public int? MaxGpus { get; init; }

    /// <summary>Most the training job may cost, in USD at on-demand prices.</summary>
    public double? BudgetUsd { get; init; }

    /// <summary>Longest the training job may take.</summary>
    public Duration? Deadline { get; init; }

    /// <summary>Tokens to train on (transformers); exclusive with <see cref="Epochs"/>.</summary>
    public double? Tokens { get; init; }

    /// <summary>Passes over <c>data.samples</c>; exclusive with <see cref="Tokens"/>.</summary>
    public double? Epochs { get; init; }

    /// <summary>Plans to replay and report.</summary>
    public int Top { get; init; } = 20;

    /// <summary>Replay the top plans at symmetric fidelity (off: the analytical results are reported).</summary>
    public bool Replay { get; init; } = true;

    /// <summary>Cloud instance types to choose from (see the remarks); null: decided by the spec.</summary>
    public ImmutableArray<string>? Instances { get; init; }

    public PlanSearchSpace Space { get; init; } = new();

    /// <summary>The hardware catalog (the default catalog when null).</summary>
    public HardwareCatalog? Catalog { get; init; }

    /// <summary>Threads for the search and the replays.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether the objective or a constraint needs the length of the training job.</summary>
    public bool NeedsTrainingLength => Objective != PlanObjective.Throughput || BudgetUsd is not null || Deadline is not null;

    /// <summary>Checks the request on its own; throws <see cref="PlanException"/> with a one-line reason.</summary>
    public PlanRequest Validate()
    {
        ArgumentNullException.ThrowIfNull(Spec);
        if (Gpus is not null && MaxGpus is not null)
        {
            throw new PlanException("--gpus and --max-gpus exclude each other");
        }

        if (Gpus is < 1 || MaxGpus is < 1)
        {
            throw new PlanException($"{(Gpus is not null ? "--gpus" : "--max-gpus")} must be at least 1");
        }

        if (BudgetUsd is double budget && !(budget > 0 && double.IsFinite(budget)))
        {
            throw new PlanException($"--budget-usd must be a positive number of dollars, got {budget.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (Deadline is { } deadline && deadline <= Duration.Zero)
        {
            throw new PlanException($"--deadline must be a positive duration, got {deadline}");
        }

        if (Tokens is not null && Epochs is not null)
        {
            throw new PlanException("--tokens and --epochs exclude each other");
        }

        if (Tokens is double tokens && !(tokens >= 1 && double.IsFinite(tokens)))
        {
            throw new PlanException($"--tokens must be a positive number of tokens, got {tokens.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (Epochs is double epochs && !(epochs > 0 && double.IsFinite(epochs)))
        {
            throw new PlanException($"--epochs must be a positive number, got {epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (NeedsTrainingLength && Tokens is null && Epochs is null)
        {
            string what = Objective != PlanObjective.Throughput
                ? $"--objective {(Objective == PlanObjective.Cost ? "cost" : "time-to-train")}"
                : BudgetUsd is not null ? "--budget-usd" : "--deadline";
            throw new PlanException($"{what} needs the length of the training job: give --tokens N or --epochs N");
        }

        if (Top < 1)
        {
            throw new PlanException($"--top must be at least 1, got {Top}");
        }

        Space.Validate();
        return this;
    }
}
