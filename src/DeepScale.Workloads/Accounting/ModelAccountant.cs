using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// Turns a model description and execution options into the per-layer operator list of one rank
/// (<see cref="ModelAccount"/>). Validates both inputs first.
/// </summary>
public static class ModelAccountant
{
    /// <summary>The operators of <paramref name="model"/> for one micro-batch on one tensor-parallel rank.</summary>
    public static ModelAccount Account(ModelDescription model, AccountingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        model.Validate();
        options.Validate();
        if (options.ContextParallel > 1 && model is not TransformerModel)
        {
            throw new WorkloadSpecException("parallelism.context", $"{options.ContextParallel} splits sequences: it needs a transformer, not {model.Family.ToString().ToLowerInvariant()}");
        }

        System.Collections.Immutable.ImmutableArray<LayerAccount> layers = model switch
        {
            TransformerModel t => TransformerAccountant.Account(t, options),
            ConvNetModel c => ConvNetAccountant.Account(c, options),
            MlpModel m => MlpAccountant.Account(m, options),
            _ => throw new WorkloadSpecException("model.family", $"{model.Family} has no accounting"),
        };
        double parameters = layers.Sum(l => l.Operators.Sum(o => (double)o.Parameters));
        if (parameters > WorkloadLimits.MaxParameters)
        {
            throw new WorkloadSpecException("model", $"{parameters:E3} parameters exceed the limit {WorkloadLimits.MaxParameters:E0}");
        }

        return new ModelAccount(model, options, layers);
    }

    /// <summary>Total trainable parameters of the model (one rank without tensor parallelism holds them all).</summary>
    public static long CountParameters(ModelDescription model) => Account(model, new AccountingOptions()).ParametersPerRank;
}
