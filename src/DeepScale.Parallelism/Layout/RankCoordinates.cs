namespace DeepScale.Parallelism.Layout;

/// <summary>A rank's position in the 3-D grid: data replica, pipeline stage, tensor rank.</summary>
public readonly record struct RankCoordinates(int Data, int Pipeline, int Tensor)
{
    public override string ToString() => $"dp{Data}/pp{Pipeline}/tp{Tensor}";
}
