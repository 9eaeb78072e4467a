using System.Collections.Immutable;

using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>The operators of a multilayer perceptron: one layer per dense matrix, ReLU between, the loss on the last.</summary>
internal static class MlpAccountant
{
    public static ImmutableArray<LayerAccount> Account(MlpModel model, AccountingOptions options)
    {
        if (options.TensorParallel != 1)
        {
            throw new WorkloadSpecException("parallelism.tensor",
                $"{options.TensorParallel}: tensor parallelism is modelled for transformers only; use 1 for {model.Id}");
        }

        ImmutableArray<int> widths = [.. model.HiddenSizes.IsDefault ? [] : model.HiddenSizes, model.OutputFeatures];
        double b = options.MicroBatch;
        double inFeatures = model.InputFeatures;
        var layers = new List<LayerAccount>();
        for (int i = 0; i < widths.Length; i++)
        {
            var ob = new OperatorBuilder(i, options);
            double e = ob.E, outFeatures = widths[i];
            bool last = i == widths.Length - 1;
            Operator fc = ob.Linear($"dense{i}.fc", b, outFeatures, inFeatures,
                ((long)inFeatures * widths[i]) + widths[i], b * inFeatures * e, []);
            var ops = new List<Operator> { i == 0 ? fc with { BackwardInput = WorkAmount.Zero } : fc };
            if (last)
            {
                ops.Add(ConvNetAccountant.Loss(ob, b, outFeatures));
            }
            else
            {
                double n = b * outFeatures;
                ops.Add(ob.Memory($"dense{i}.relu", OperatorKind.ElementWise, n, n * e, n * e, 2 * n * e, n * e));
            }

            layers.Add(ConvNetAccountant.Finish(i, $"dense{i}", last ? LayerKind.Head : LayerKind.Dense, ops, options.Recompute));
            inFeatures = outFeatures;
        }

        return [.. layers];
    }
}
