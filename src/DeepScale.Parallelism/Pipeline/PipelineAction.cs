namespace DeepScale.Parallelism.Pipeline;

/// <summary>One compute step of a pipeline stage: the forward or backward pass of a micro-batch through one of its model chunks.</summary>
/// <param name="IsForward">Forward pass when true, backward pass otherwise.</param>
/// <param name="Microbatch">Micro-batch index, 0-based.</param>
/// <param name="Chunk">Model chunk (virtual stage) on this device, 0-based; always 0 without interleaving.</param>
public readonly record struct PipelineAction(bool IsForward, int Microbatch, int Chunk)
{
    public override string ToString() => $"{(IsForward ? "F" : "B")}{Microbatch}" + (Chunk > 0 ? $".{Chunk}" : "");
}
