using DeepScale.Core.Units;

using DeepScale.Workloads.Accounting;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// Winograd convolution for 3×3 stride-1 kernels, as the non-fused algorithm of Lavin and Gray ("Fast Algorithms
/// for Convolutional Neural Networks", CVPR 2016, arXiv:1509.09308, Sec. 4–5): F(m×m, 3×3) cuts the output into
/// m×m tiles and computes each from an α×α input tile (α = m + 2) with α² multiplications per channel pair instead
/// of 9m². It runs as four kernels: the input tiles are transformed (Bᵀ d B), the filters are transformed (G g Gᵀ),
/// α² independent GEMMs multiply transformed inputs by transformed filters over the channels, and the products are
/// transformed back (Aᵀ M A). The transforms stream their tensors through device memory; the GEMMs go through the
/// same GEMM model as every other matmul. The backward data pass is the same algorithm on the output gradient with
/// the channels swapped; the backward filter pass transforms both the input and the output gradient and reduces
/// over the tiles. Frameworks take the fastest cuDNN algorithm per layer (cudnnFindConvolution*Algorithm,
/// TensorFlow's autotuning, PyTorch's cudnn.benchmark), so each phase costs the least of the implicit GEMM and
/// Winograd. cuDNN implements 2×2 and 4×4 output tiles (Gray and Köster, "Still not slowing down: Benchmarking
/// optimized Winograd implementations", Intel AI blog, 2016); only the 2×2 tiling is modelled. Costed this way
/// (transforms at streaming bandwidth, products at the GEMM model's efficiency) the 4×4 tiling would run VGG-16's
/// 512-channel layers 3.4× faster than the implicit GEMM on a P100, which published framework throughputs do not
/// show, so what that tiling loses in practice is not captured by this model and it is left out.
/// </summary>
public sealed partial class ComputeCostModel
{
    /// <summary>Output tile sides of the F(m×m, 3×3) algorithms modelled (see the class remarks).</summary>
    private static readonly int[] s_winogradTiles = [2];

    private static bool WinogradApplies(ConvolutionShape? c) => c is { Kernel: 3, Stride: 1 };

    /// <summary>Device time of the fastest Winograd tiling of a phase, or null when none applies.</summary>
    private Duration? WinogradPhase(ConvolutionShape c, ConvolutionPhase phase, Precision precision)
    {
        Duration? best = null;
        foreach (int m in s_winogradTiles)
        {
            Duration t = phase switch
            {
                ConvolutionPhase.Forward => WinogradData(c.Batch, c.InChannels, c.OutChannels, c.InHeight * c.InWidth, c.OutHeight, c.OutWidth, m, precision),
                ConvolutionPhase.BackwardData => WinogradData(c.Batch, c.OutChannels, c.InChannels, c.OutHeight * c.OutWidth, c.InHeight, c.InWidth, m, precision),
                _ => WinogradFilter(c, m, precision),
            };
            best = best is { } b && b <= t ? b : t;
        }

        return best;
    }

    /// <summary>
    /// A forward-shaped pass from <paramref name="from"/> channels of <paramref name="inPixels"/> pixels to
    /// <paramref name="to"/> channels of an outH×outW image: input transform, filter transform, α² GEMMs
    /// [tiles × from]·[from × to], output transform.
    /// </summary>
    private Duration WinogradData(long batch, long from, long to, long inPixels, long outH, long outW, int m, Precision precision)
    {
        double e = precision.BytesPerElement();
        double alpha = m + 2, a2 = alpha * alpha;
        double tiles = batch * Math.Ceiling((double)outH / m) * Math.Ceiling((double)outW / m);
        Duration input = MemoryBody((batch * from * inPixels * e) + (a2 * tiles * from * e), 4 * alpha * a2 * tiles * from);
        Duration filter = MemoryBody((9 + a2) * from * to * e, 4 * alpha * a2 * from * to);
        var gemm = new GemmShape((long)tiles, to, from, (long)a2);
        Duration products = MatmulBody(gemm, precision, gemm.Flops, a2 * ((tiles * from) + (from * to)) * e, a2 * tiles * to * e);
        Duration output = MemoryBody((a2 * tiles * to * e) + (batch * to * outH * outW * e), 2 * ((m * a2) + (m * m * alpha)) * tiles * to);
        return (Profile.KernelLaunchLatency * 4) + input + filter + products + output;
    }

    /// <summary>The filter gradient: both tensors transformed, α² GEMMs [in × tiles]·[tiles × out], the α×α results transformed back to 3×3.</summary>
    private Duration WinogradFilter(ConvolutionShape c, int m, Precision precision)
    {
        double e = precision.BytesPerElement();
        double alpha = m + 2, a2 = alpha * alpha;
        double tiles = c.Batch * Math.Ceiling((double)c.OutHeight / m) * Math.Ceiling((double)c.OutWidth / m);
        Duration input = MemoryBody((c.Batch * c.InChannels * c.InHeight * c.InWidth * e) + (a2 * tiles * c.InChannels * e), 4 * alpha * a2 * tiles * c.InChannels);
        Duration gradient = MemoryBody((c.Batch * c.OutChannels * c.OutHeight * c.OutWidth * e) + (a2 * tiles * c.OutChannels * e), 4 * alpha * a2 * tiles * c.OutChannels);
        var gemm = new GemmShape(c.InChannels, c.OutChannels, (long)tiles, (long)a2);
        Duration products = MatmulBody(gemm, precision, gemm.Flops, a2 * ((tiles * c.InChannels) + (tiles * c.OutChannels)) * e, a2 * c.InChannels * c.OutChannels * e);
        Duration back = MemoryBody((a2 + 9) * c.InChannels * c.OutChannels * e, 4 * alpha * a2 * c.InChannels * c.OutChannels);
        return (Profile.KernelLaunchLatency * 5) + input + gradient + products + back;
    }

    private enum ConvolutionPhase
    {
        Forward,
        BackwardData,
        BackwardFilter,
    }
}
