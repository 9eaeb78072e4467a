using System.Collections.Immutable;

using DeepScale.Core;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// How a transformer's layers split into Megatron-LM's p·v pipeline slices: slice c·p + s is model chunk c of stage s,
/// the slices hold consecutive transformer layers in model order, the embedding joins the first slice and the head
/// the last. Without a given split the layers divide equally (Megatron-LM's rule); a given split
/// (<c>parallelism.stage_layers</c>) may be uneven, as frameworks allow for layer counts the stages do not divide or to
/// balance the embedding and the head (Megatron-Core's first and last pipeline-stage layers, DeepSpeed's partition
/// methods).
/// </summary>
public static class PipelineSplit
{
    /// <summary>The spec field of a given split.</summary>
    public const string Field = "parallelism.stage_layers";

    /// <summary>
    /// Null when <paramref name="given"/> is a valid split of <paramref name="layers"/> transformer layers into
    /// <paramref name="slices"/> slices (or empty: an equal split that must divide), else the violated constraint.
    /// </summary>
    public static (string Field, string Constraint)? Problem(long layers, int slices, int virtualStages, ImmutableArray<int> given)
    {
        if (given.IsDefaultOrEmpty)
        {
            return layers % slices == 0 ? null
                : virtualStages == 1
                    ? ("parallelism.pipeline", $"{slices} does not divide model.layers {layers} (give the layers of each stage in {Field})")
                    : ("parallelism.virtual_stages", $"pipeline·virtual_stages = {slices / virtualStages}·{virtualStages} = {slices} does not divide model.layers {layers} (give the layers of each model chunk in {Field})");
        }

        if (given.Length != slices)
        {
            return (Field, virtualStages == 1
                ? $"has {given.Length} entries; it needs one per pipeline stage ({slices})"
                : $"has {given.Length} entries; it needs one per model chunk, pipeline·virtual_stages = {slices}");
        }

        if (given.Any(n => n < 1))
        {
            return (Field, $"every slice needs at least one transformer layer (got {string.Join(", ", given)})");
        }

        long sum = given.Sum(n => (long)n);
        return sum == layers ? null : (Field, $"the entries add up to {sum}, but model.layers is {layers}");
    }

    /// <summary>Transformer layers of each slice: <paramref name="given"/>, or the equal split.</summary>
    public static ImmutableArray<int> LayersPerSlice(ModelDescription model, int slices, int virtualStages, ImmutableArray<int> given)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not TransformerModel transformer)
        {
            throw new SpecFieldException("parallelism.pipeline", $"pipeline parallelism splits transformer layers; {model.Id} is a {model.Family.ToString().ToLowerInvariant()} model");
        }

        if (Problem(transformer.Layers, slices, virtualStages, given) is { } problem)
        {
            throw new SpecFieldException(problem.Field, problem.Constraint);
        }

        return given.IsDefaultOrEmpty ? [.. Enumerable.Repeat((int)(transformer.Layers / slices), slices)] : given;
    }

    /// <summary>The layers of each slice; one slice is the whole model, whatever its family.</summary>
    public static IReadOnlyList<IReadOnlyList<LayerAccount>> Slice(ModelAccount account, int slices, int virtualStages, ImmutableArray<int> given)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (slices == 1 && given.IsDefaultOrEmpty)
        {
            return [account.Layers];
        }

        return Slice(account.Layers, l => l.Kind, LayersPerSlice(account.Model, slices, virtualStages, given));
    }

    /// <summary>Assigns <paramref name="layers"/> (of kinds <paramref name="kindOf"/>) to slices of <paramref name="counts"/> transformer layers.</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Slice<T>(IReadOnlyList<T> layers, Func<T, LayerKind> kindOf, ImmutableArray<int> counts)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(kindOf);
        T[] blocks = [.. layers.Where(l => kindOf(l) == LayerKind.Transformer)];
        var result = new List<IReadOnlyList<T>>(counts.Length);
        int next = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            var slice = new List<T>();
            if (k == 0)
            {
                slice.AddRange(layers.Where(l => kindOf(l) == LayerKind.Embedding));
            }

            slice.AddRange(blocks.Skip(next).Take(counts[k]));
            next += counts[k];
            if (k == counts.Length - 1)
            {
                slice.AddRange(layers.Where(l => kindOf(l) is not (LayerKind.Embedding or LayerKind.Transformer)));
            }

            result.Add(slice);
        }

        return result;
    }

    /// <summary>Transformer layers stage <paramref name="stage"/> of <paramref name="pipeline"/> holds: its v chunks together.</summary>
    public static int StageLayers(ImmutableArray<int> perSlice, int pipeline, int stage)
    {
        int sum = 0;
        for (int k = stage; k < perSlice.Length; k += pipeline)
        {
            sum += perSlice[k];
        }

        return sum;
    }
}
