namespace DeepScale.Parallelism.Layout;

/// <summary>A rank's position in the grid: data replica, pipeline stage, tensor rank and context (sequence) rank.</summary>
public readonly record struct RankCoordinates(int Data, int Pipeline, int Tensor, int Context = 0)
{
    public override string ToString() => Context == 0 ? $"dp{Data}/pp{Pipeline}/tp{Tensor}" : $"dp{Data}/pp{Pipeline}/tp{Tensor}/cp{Context}";
}
