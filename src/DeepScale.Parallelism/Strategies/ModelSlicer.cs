using DeepScale.Core;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// Splits a model's layers into the p·v pipeline slices of Megatron-LM: slice c·p + s is chunk c of stage s, the
/// transformer layers are divided equally, the embedding joins the first slice and the head the last.
/// </summary>
public static class ModelSlicer
{
    /// <summary>Transformer layers split into equal slices; the embedding joins the first, the head the last.</summary>
    public static IReadOnlyList<IReadOnlyList<LayerAccount>> Slice(ModelDescription model, ModelAccount account, int slices)
    {
        if (slices == 1)
        {
            return [account.Layers];
        }

        if (model is not TransformerModel transformer)
        {
            throw new SpecFieldException("parallelism.pipeline", $"pipeline parallelism splits transformer layers; {model.Id} is a {model.Family.ToString().ToLowerInvariant()} model");
        }

        if (transformer.Layers % slices != 0)
        {
            throw new SpecFieldException("parallelism.pipeline", $"pipeline·virtual_stages = {slices} does not divide model.layers {transformer.Layers}");
        }

        var blocks = account.Layers.Where(l => l.Kind == LayerKind.Transformer).ToList();
        int per = blocks.Count / slices;
        var result = new List<IReadOnlyList<LayerAccount>>(slices);
        for (int k = 0; k < slices; k++)
        {
            var slice = new List<LayerAccount>();
            if (k == 0)
            {
                slice.AddRange(account.Layers.Where(l => l.Kind == LayerKind.Embedding));
            }

            slice.AddRange(blocks.Skip(k * per).Take(per));
            if (k == slices - 1)
            {
                slice.AddRange(account.Layers.Where(l => l.Kind is not (LayerKind.Embedding or LayerKind.Transformer)));
            }

            result.Add(slice);
        }

        return result;
    }
}
