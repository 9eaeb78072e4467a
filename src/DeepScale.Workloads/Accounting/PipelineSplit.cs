using System.Collections.Immutable;

using DeepScale.Core;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// How a transformer's layers split into Megatron-LM's p·v pipeline slices: slice c·p + s is model chunk c of stage s,
/// the slices hold consecutive transformer layers in model order, the embedding joins the first slice and the head
/// the last. Without a given split the layers divide equally (Megatron-LM's rule), or as nearly as they can when the
/// stages do not divide them (<see cref="Counts"/>; DeepSpeed partitions such models itself); a given split
/// (<c>parallelism.stage_layers</c>) may be any, as Megatron-Core's first- and last-stage layer counts and DeepSpeed's
/// partition methods allow.
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
            if (layers < slices)
            {
                return virtualStages == 1
                    ? ("parallelism.pipeline", $"{slices} stages need at least one of the model's {layers} layers each")
                    : ("parallelism.virtual_stages", $"pipeline·virtual_stages = {slices / virtualStages}·{virtualStages} = {slices} model chunks need at least one of the model's {layers} layers each");
            }

            return layers % slices == 0 || virtualStages == 1 ? null
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

    /// <summary>
    /// Transformer layers of each of <paramref name="slices"/> slices without a given split: equal when the slices
    /// divide the layers; otherwise, without interleaving, as equal as they can be with the remainder on the middle
    /// stages first (the first holds the embedding, the last the head), then the last, then the first — BLOOM's 70
    /// layers on 12 stages give 5, 6, …, 6, 5.
    /// </summary>
    public static ImmutableArray<int> Counts(long layers, int slices, int virtualStages, ImmutableArray<int> given)
    {
        if (Problem(layers, slices, virtualStages, given) is { } problem)
        {
            throw new SpecFieldException(problem.Field, problem.Constraint);
        }

        if (!given.IsDefaultOrEmpty)
        {
            return given;
        }

        int[] counts = [.. Enumerable.Repeat((int)(layers / slices), slices)];
        int remainder = (int)(layers % slices);
        IEnumerable<int> order = Enumerable.Range(1, Math.Max(0, slices - 2)).Append(slices - 1).Append(0);
        foreach (int k in order.Take(remainder))
        {
            counts[k]++;
        }

        return [.. counts];
    }

    /// <summary>Transformer layers of each slice of <paramref name="model"/> (<see cref="Counts"/>).</summary>
    public static ImmutableArray<int> LayersPerSlice(ModelDescription model, int slices, int virtualStages, ImmutableArray<int> given)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not TransformerModel transformer)
        {
            throw new SpecFieldException("parallelism.pipeline", $"pipeline parallelism splits transformer layers; {model.Id} is a {model.Family.ToString().ToLowerInvariant()} model");
        }

        return Counts(transformer.Layers, slices, virtualStages, given);
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
