using System.Globalization;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// The training job a report sizes each configuration against: <c>epochs</c> passes over <c>samples</c> samples,
/// or a budget of tokens. Iterations = epochs · samples / global batch, or tokens / tokens per iteration; time =
/// iterations · <c>iteration_time_s</c>; cost = iterations · <c>usd_per_iteration</c>. Steady-state iterations
/// only: start-up, evaluation, checkpoints and failures are not counted.
/// </summary>
public static class TrainingJob
{
    /// <summary>True when the settings size a job (epochs with a sample count, or a token budget).</summary>
    public static bool IsSized(ReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return (settings.Epochs is not null && settings.Samples is not null) || settings.TokenBudget is not null;
    }

    /// <summary>"30 epochs of 1000000 samples", "3e11 tokens"; empty when the job is not sized.</summary>
    public static string Describe(ReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Epochs is int e && settings.Samples is long n)
        {
            return $"{e.ToString(CultureInfo.InvariantCulture)} epochs of {ReportFormat.Count(n)} samples";
        }

        return settings.TokenBudget is double t ? $"{ReportFormat.Count(t)} tokens" : "";
    }

    /// <summary>Iterations the job takes on the configuration of <paramref name="result"/>, or null when not sized
    /// (or a token budget for a model without tokens).</summary>
    public static double? Iterations(RunResult result, ReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        double samplesPerIteration = result.SamplesPerS * result.IterationTimeS;
        if (settings.Epochs is int e && settings.Samples is long n && samplesPerIteration > 0)
        {
            return e * (double)n / samplesPerIteration;
        }

        double tokensPerIteration = result.TokensPerS * result.IterationTimeS;
        return settings.TokenBudget is double t && tokensPerIteration > 0 ? t / tokensPerIteration : null;
    }

    /// <summary>Wall time of the job in seconds, or null.</summary>
    public static double? Seconds(RunResult result, ReportSettings settings) => Iterations(result, settings) * result.IterationTimeS;

    /// <summary>On-demand cost of the job in USD, or null when not sized or not priced.</summary>
    public static double? CostUsd(RunResult result, ReportSettings settings) =>
        result.Cost.UsdPerHour > 0 ? Iterations(result, settings) * result.Cost.UsdPerIteration : null;
}
