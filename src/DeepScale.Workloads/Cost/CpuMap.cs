using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// A single-pass element-wise kernel over <see cref="Elements"/> float32 values: it streams
/// <see cref="Streams"/> arrays (inputs and the output) once and does <see cref="FlopsPerElement"/> operations per
/// element.
/// </summary>
/// <param name="Elements">Values per array.</param>
/// <param name="Streams">Arrays streamed: inputs plus the output (z = x + y: 3; y = max(x, 0): 2).</param>
/// <param name="OutputAlsoRead">The output array is one of the inputs (y = a·x + y, in-place updates), so its
/// cache lines are already owned when written: beyond L2 its stores stream like reads instead of missing at the level's
/// store bandwidth.</param>
/// <param name="FlopsPerElement">Counted operations per element (add 1, FMA 2, tanh-form GELU 13).</param>
/// <param name="Transcendental">The arithmetic runs at the calibrated transcendental (GELU) rate rather than the
/// vector FMA peak.</param>
public sealed record CpuMap(long Elements, int Streams, bool OutputAlsoRead, int FlopsPerElement, bool Transcendental = false) : CpuKernel
{
    public override FlopCount Flops => new((double)FlopsPerElement * Elements);

    public override Bytes BytesMoved => new(FloatBytes * Streams * Elements);

    /// <summary>
    /// Distinct bytes the kernel touches, which decide the cache level it streams from: every array once, so an
    /// in-place update's output adds nothing to its inputs.
    /// </summary>
    public double WorkingSet => FloatBytes * (OutputAlsoRead ? Streams - 1 : Streams) * Elements;

    /// <summary>Bytes of the output that are written without being read first (zero when <see cref="OutputAlsoRead"/>).</summary>
    public double WriteOnlyBytes => OutputAlsoRead ? 0 : FloatBytes * Elements;

    /// <summary>z = x + y.</summary>
    public static CpuMap Add(long elements) => new(elements, 3, false, 1);

    /// <summary>y = α·x.</summary>
    public static CpuMap Scale(long elements) => new(elements, 2, false, 1);

    /// <summary>x = α·x, in place: the array is read and written back, with no store to an unread line.</summary>
    public static CpuMap ScaleInPlace(long elements) => new(elements, 2, true, 1);

    /// <summary>x = x + y, in place.</summary>
    public static CpuMap AddInPlace(long elements) => new(elements, 3, true, 1);

    /// <summary>y = α·x + y.</summary>
    public static CpuMap Axpy(long elements) => new(elements, 3, true, 2);

    /// <summary>y = max(x, 0).</summary>
    public static CpuMap Relu(long elements) => new(elements, 2, false, 1);

    /// <summary>y = GELU(x), tanh form.</summary>
    public static CpuMap Gelu(long elements) => new(elements, 2, false, 13, Transcendental: true);

    /// <summary>dx = dy where x &gt; 0, else 0, written over dy.</summary>
    public static CpuMap ReluGradient(long elements) => new(elements, 3, true, 1);
}
