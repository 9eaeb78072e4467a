using DeepScale.HostLab.Kernels;
using DeepScale.Workloads.Cost;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The host cost model of the in-memory micro-kernels (GEMM, convolution, element-wise, reduction, row-wise, copy)
/// as a function of a parameter vector in SI units: the form the fitter varies. The physics is the simulator's own
/// CPU kernel model (<see cref="CpuKernelModel"/>); this adapter describes each measured case as the kernel call
/// that model times, so the calibration fits exactly the model the simulator later evaluates.
/// </summary>
internal static class ComputeModel
{
    public const int Launch = CpuKernelModel.Launch;
    public const int ForkJoin = CpuKernelModel.ForkJoin;
    public const int GemmRate = CpuKernelModel.GemmRate;
    public const int PackTranspose = CpuKernelModel.PackTranspose;
    public const int PackCopy = CpuKernelModel.PackCopy;
    public const int BandwidthL2 = CpuKernelModel.BandwidthL2;
    public const int BandwidthL3 = CpuKernelModel.BandwidthL3;
    public const int BandwidthDram = CpuKernelModel.BandwidthDram;
    public const int Scaling = CpuKernelModel.Scaling;
    public const int Unfold = CpuKernelModel.Unfold;
    public const int Gelu = CpuKernelModel.Gelu;
    public const int Reduction = CpuKernelModel.Reduction;
    public const int Softmax = CpuKernelModel.Softmax;
    public const int LayerNorm = CpuKernelModel.LayerNorm;
    public const int Row = CpuKernelModel.Row;
    public const int UpdateBandwidth = CpuKernelModel.UpdateBandwidth;
    public const int WakeUp = CpuKernelModel.WakeUp;
    public const int SingleStream = CpuKernelModel.SingleStream;
    public const int CrossCore = CpuKernelModel.CrossCore;
    public const int StoreL3 = CpuKernelModel.StoreL3;
    public const int StoreDram = CpuKernelModel.StoreDram;
    public const int Count = CpuKernelModel.Count;

    /// <summary>Parameter names, in index order (as the fit report prints them).</summary>
    public static IReadOnlyList<string> Names => CpuKernelModel.Names;

    /// <summary>True for the kernels this model times.</summary>
    public static bool Covers(HostKernel kernel) => kernel is HostKernel.Gemm or HostKernel.Conv2d or HostKernel.Elementwise
        or HostKernel.Reduction or HostKernel.Softmax or HostKernel.LayerNorm or HostKernel.MemoryCopy;

    /// <summary>Seconds one invocation of <paramref name="c"/> takes under parameters <paramref name="p"/>.</summary>
    /// <param name="c">The case.</param>
    /// <param name="p">Parameters in SI units, indexed by the constants of this class.</param>
    /// <param name="facts">Cache sizes, cores and the GEMM blocking.</param>
    /// <param name="peaks">The FMA probe's rates: per core on one thread, and over all cores.</param>
    public static double Seconds(KernelCase c, ReadOnlySpan<double> p, HostFacts facts, CpuPeaks peaks)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(facts);
        if (p.Length != Count)
        {
            throw new ArgumentException($"compute_model: {p.Length} parameters given, {Count} expected", nameof(p));
        }

        return CpuKernelModel.Seconds(KernelOf(c), c.Threads, p, GeometryOf(facts), peaks);
    }

    /// <summary>The simulator's description of a measured in-memory case.</summary>
    public static CpuKernel KernelOf(KernelCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Work switch
        {
            GemmShape g => new CpuGemm(g.M, g.N, g.K, g.TransposeA, g.TransposeB),
            Conv2dShape s => new CpuConvolution(s.Batch, s.OutChannels, s.OutHeight * s.OutWidth, s.PatchSize),
            ElementwiseShape e => e.Op switch
            {
                ElementwiseOp.Add => CpuMap.Add(e.Length),
                ElementwiseOp.Scale => CpuMap.Scale(e.Length),
                ElementwiseOp.Axpy => CpuMap.Axpy(e.Length),
                ElementwiseOp.Relu => CpuMap.Relu(e.Length),
                ElementwiseOp.Gelu => CpuMap.Gelu(e.Length),
                _ => throw new ArgumentException($"compute_model: element-wise {e.Op} has no model", nameof(c)),
            },
            ReductionShape r => new CpuReduction(r.Length),
            RowwiseShape w => new CpuRowwise(w.Op == RowwiseOp.LayerNorm, w.Rows, w.Cols),
            MemoryCopyShape m => new CpuCopy(m.Length),
            _ => throw new ArgumentException($"compute_model: {c.KernelName} is not an in-memory kernel", nameof(c)),
        };
    }

    /// <summary>The facts the kernel model takes as given.</summary>
    public static CpuGeometry GeometryOf(HostFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new CpuGeometry(f.Cores, f.L2Cache, f.LastLevelCache, f.RegisterTileRows, f.RegisterTileColumns, f.BlockDepth, f.BlockColumns);
    }
}
