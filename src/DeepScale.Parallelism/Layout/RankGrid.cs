namespace DeepScale.Parallelism.Layout;

/// <summary>
/// Maps global ranks to grid coordinates and back for a tensor × context × pipeline × data decomposition with a
/// placement order, and enumerates the members of each rank's groups. Context ranks sit next to the tensor ranks
/// whatever the placement (Megatron-Core's order tp-cp-…), so a tensor × context group fills a node first.
/// </summary>
public sealed class RankGrid
{
    public RankGrid(int tensor, int pipeline, int data, RankPlacement placement, int context = 1)
    {
        if (tensor < 1 || pipeline < 1 || data < 1 || context < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tensor), $"parallel sizes must be at least 1 (tensor {tensor}, context {context}, pipeline {pipeline}, data {data})");
        }

        Tensor = tensor;
        Context = context;
        Pipeline = pipeline;
        Data = data;
        Placement = placement;
    }

    /// <summary>The grid of <paramref name="layout"/>'s decomposition and placement.</summary>
    public static RankGrid For(TrainingLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new RankGrid(layout.Tensor, layout.Pipeline, layout.Data, layout.Placement, layout.Context);
    }

    public int Tensor { get; }

    /// <summary>Context-parallel size: ranks that split each sequence.</summary>
    public int Context { get; }

    public int Pipeline { get; }

    public int Data { get; }

    public RankPlacement Placement { get; }

    public int Size => Tensor * Context * Pipeline * Data;

    public int RankOf(RankCoordinates c) => c.Tensor + (Tensor * (c.Context + (Context * Placement switch
    {
        RankPlacement.TensorPipelineData => c.Pipeline + (Pipeline * c.Data),
        _ => c.Data + (Data * c.Pipeline),
    })));

    public RankCoordinates CoordinatesOf(int rank)
    {
        if (rank < 0 || rank >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must lie in [0, {Size})");
        }

        int t = rank % Tensor;
        int cp = rank / Tensor % Context;
        int rest = rank / Tensor / Context;
        return Placement switch
        {
            RankPlacement.TensorPipelineData => new RankCoordinates(rest / Pipeline, rest % Pipeline, t, cp),
            _ => new RankCoordinates(rest % Data, rest / Data, t, cp),
        };
    }

    /// <summary>Global ranks of the tensor group of <paramref name="c"/>, in tensor order.</summary>
    public int[] TensorGroup(RankCoordinates c) =>
        [.. Enumerable.Range(0, Tensor).Select(t => RankOf(c with { Tensor = t }))];

    /// <summary>Global ranks of the context group of <paramref name="c"/> (the ranks that split its sequences), in order.</summary>
    public int[] ContextGroup(RankCoordinates c) =>
        [.. Enumerable.Range(0, Context).Select(k => RankOf(c with { Context = k }))];

    /// <summary>
    /// Global ranks holding the same parameters as <paramref name="c"/>: its data replicas and, within each, its
    /// context ranks (gradients are reduced and optimizer state sharded over both), in replica then context order.
    /// </summary>
    public int[] DataGroup(RankCoordinates c) =>
        [.. Enumerable.Range(0, Data).SelectMany(d => Enumerable.Range(0, Context).Select(k => RankOf(c with { Data = d, Context = k })))];

    /// <summary>The first and last stage of the same tensor rank and replica (tied embeddings).</summary>
    public int[] EmbeddingGroup(RankCoordinates c) =>
        Pipeline == 1 ? [RankOf(c)] : [RankOf(c with { Pipeline = 0 }), RankOf(c with { Pipeline = Pipeline - 1 })];
}
