namespace DeepScale.Workloads.Models;

/// <summary>
/// The image front end of a vision transformer (Dosovitskiy et al. 2021): a square image cut into square patches,
/// each projected to the hidden size by a stride-equal-kernel convolution, plus a class token.
/// </summary>
/// <param name="ImageSize">Image side in pixels.</param>
/// <param name="PatchSize">Patch side in pixels; must divide <paramref name="ImageSize"/>.</param>
/// <param name="Channels">Input channels (3 for RGB).</param>
public sealed record PatchEmbedding(int ImageSize, int PatchSize, int Channels)
{
    /// <summary>Patches per image: (image / patch)².</summary>
    public long Patches => (long)(ImageSize / PatchSize) * (ImageSize / PatchSize);
}
