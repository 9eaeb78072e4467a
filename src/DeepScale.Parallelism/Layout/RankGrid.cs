namespace DeepScale.Parallelism.Layout;

/// <summary>
/// Maps global ranks to grid coordinates and back for a tensor × pipeline × data decomposition with a placement
/// order, and enumerates the members of each rank's groups.
/// </summary>
public sealed class RankGrid
{
    public RankGrid(int tensor, int pipeline, int data, RankPlacement placement)
    {
        if (tensor < 1 || pipeline < 1 || data < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tensor), $"parallel sizes must be at least 1 (tensor {tensor}, pipeline {pipeline}, data {data})");
        }

        Tensor = tensor;
        Pipeline = pipeline;
        Data = data;
        Placement = placement;
    }

    public int Tensor { get; }

    public int Pipeline { get; }

    public int Data { get; }

    public RankPlacement Placement { get; }

    public int Size => Tensor * Pipeline * Data;

    public int RankOf(RankCoordinates c) => Placement switch
    {
        RankPlacement.TensorPipelineData => c.Tensor + (Tensor * (c.Pipeline + (Pipeline * c.Data))),
        _ => c.Tensor + (Tensor * (c.Data + (Data * c.Pipeline))),
    };

    public RankCoordinates CoordinatesOf(int rank)
    {
        if (rank < 0 || rank >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must lie in [0, {Size})");
        }

        int t = rank % Tensor;
        int rest = rank / Tensor;
        return Placement switch
        {
            RankPlacement.TensorPipelineData => new RankCoordinates(rest / Pipeline, rest % Pipeline, t),
            _ => new RankCoordinates(rest % Data, rest / Data, t),
        };
    }

    /// <summary>Global ranks of the tensor group of <paramref name="c"/>, in tensor order.</summary>
    public int[] TensorGroup(RankCoordinates c) =>
        [.. Enumerable.Range(0, Tensor).Select(t => RankOf(c with { Tensor = t }))];

    /// <summary>Global ranks of the data-parallel group of <paramref name="c"/>, in replica order.</summary>
    public int[] DataGroup(RankCoordinates c) =>
        [.. Enumerable.Range(0, Data).Select(d => RankOf(c with { Data = d }))];

    /// <summary>The first and last stage of the same tensor rank and replica (tied embeddings).</summary>
    public int[] EmbeddingGroup(RankCoordinates c) =>
        Pipeline == 1 ? [RankOf(c)] : [RankOf(c with { Pipeline = 0 }), RankOf(c with { Pipeline = Pipeline - 1 })];
}
