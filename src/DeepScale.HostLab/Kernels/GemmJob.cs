using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// One blocked GEMM over pinned operands: the five loops around the micro-kernel (Van Zee and van de Geijn 2015,
/// BLIS, figure 2): column blocks of NC, k-blocks of KC (B packed into NR-wide slivers), row blocks of MC (A packed
/// into MR-tall slivers), then the micro-kernel over NR×MR tiles. A job may run on a sub-block of C so that
/// threads can share one product.
/// </summary>
internal readonly unsafe struct GemmJob
{
    /// <summary>k-block depth: a packed B sliver (KC·NR·4 = 32 KiB at NR = 32) plus an A sliver (8 KiB) fit the
    /// 48 KiB L1d of this machine (getconf LEVEL1_DCACHE_SIZE), as the BLIS analytical model asks (Low et al.
    /// 2016, "Analytical modeling is enough for high-performance BLIS", ACM TOMS 43(2), section 4).</summary>
    public const int Kc = 256;

    /// <summary>Row-block height: a packed A block (MC·KC·4 = 144 KiB) stays in the 1 MiB L2 (getconf
    /// LEVEL2_CACHE_SIZE); a multiple of every MR (8, 6 and 4).</summary>
    public const int Mc = 144;

    /// <summary>Column-block width: a packed B block (KC·NC·4 = 4 MiB) stays in L3; a multiple of every NR.</summary>
    public const int Nc = 4096;

    [ThreadStatic]
    private static float[]? t_packA;

    [ThreadStatic]
    private static float[]? t_packB;

    private readonly float* _a;
    private readonly float* _b;
    private readonly float* _c;
    private readonly int _m;
    private readonly int _n;
    private readonly int _k;
    private readonly bool _transposeA;
    private readonly bool _transposeB;
    private readonly int _mr;
    private readonly int _nr;
    private readonly delegate* managed<int, float*, float*, float*, int, bool, void> _tile;

    public GemmJob(float* a, float* b, float* c, GemmShape shape, GemmKernel kernel)
    {
        _a = a;
        _b = b;
        _c = c;
        _m = shape.M;
        _n = shape.N;
        _k = shape.K;
        _transposeA = shape.TransposeA;
        _transposeB = shape.TransposeB;
        switch (kernel)
        {
            case GemmKernel.Avx512:
                (_mr, _nr) = (8, 32);
                _tile = &GemmMicroKernels.Avx512Tile8x32;
                break;
            case GemmKernel.Avx2:
                (_mr, _nr) = (6, 16);
                _tile = &GemmMicroKernels.Avx2Tile6x16;
                break;
            case GemmKernel.Portable:
                (_mr, _nr) = (4, 8);
                _tile = &GemmMicroKernels.PortableTile4x8;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "gemm.kernel: resolve Best before building a job");
        }
    }

    /// <summary>Register-tile height of the chosen micro-kernel.</summary>
    public int TileRows => _mr;

    /// <summary>Register-tile width of the chosen micro-kernel.</summary>
    public int TileColumns => _nr;

    /// <summary>The widest micro-kernel this processor runs.</summary>
    public static GemmKernel Resolve(GemmKernel kernel)
    {
        if (kernel != GemmKernel.Best)
        {
            return kernel;
        }

        if (Avx512F.IsSupported)
        {
            return GemmKernel.Avx512;
        }

        return Avx2.IsSupported && Fma.IsSupported ? GemmKernel.Avx2 : GemmKernel.Portable;
    }

    /// <summary>Computes rows [m0, m1) × columns [n0, n1) of C; m0 is a multiple of MR and n0 of NR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int m0, int m1, int n0, int n1)
    {
        int mr = _mr;
        int nr = _nr;
        int kcMax = Math.Min(Kc, _k);
        int ncMax = RoundUp(Math.Min(Nc, n1 - n0), nr);
        int mcMax = RoundUp(Math.Min(Mc, m1 - m0), mr);
        float* bp = Aligned(ref t_packB, kcMax * ncMax);
        float* ap = Aligned(ref t_packA, kcMax * mcMax);
        float* tile = stackalloc float[8 * 32];

        for (int jc = n0; jc < n1; jc += Nc)
        {
            int nc = Math.Min(Nc, n1 - jc);
            for (int pc = 0; pc < _k; pc += Kc)
            {
                int kc = Math.Min(Kc, _k - pc);
                bool first = pc == 0;
                PackB(pc, kc, jc, nc, bp);
                for (int ic = m0; ic < m1; ic += Mc)
                {
                    int mc = Math.Min(Mc, m1 - ic);
                    PackA(ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int ncols = Math.Min(nr, nc - jr);
                        float* bSliver = bp + ((nint)jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int nrows = Math.Min(mr, mc - ir);
                            float* aSliver = ap + ((nint)ir * kc);
                            float* cTile = _c + ((nint)(ic + ir) * _n) + jc + jr;
                            if (nrows == mr && ncols == nr)
                            {
                                _tile(kc, aSliver, bSliver, cTile, _n, first);
                            }
                            else
                            {
                                _tile(kc, aSliver, bSliver, tile, nr, true);
                                MergeEdge(tile, nr, cTile, _n, nrows, ncols, first);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void MergeEdge(float* tile, int ldt, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        for (int i = 0; i < rows; i++)
        {
            float* src = tile + (i * ldt);
            float* dst = c + ((nint)i * ldc);
            for (int j = 0; j < cols; j++)
            {
                dst[j] = overwrite ? src[j] : src[j] + dst[j];
            }
        }
    }

    /// <summary>Packs A[ic..ic+mc, pc..pc+kc] into MR-tall slivers, k-major, zero-padded to a multiple of MR.</summary>
    private void PackA(int ic, int mc, int pc, int kc, float* dst)
    {
        int mr = _mr;
        for (int i0 = 0; i0 < mc; i0 += mr)
        {
            float* sliver = dst + ((nint)i0 * kc);
            int rows = Math.Min(mr, mc - i0);
            if (!_transposeA)
            {
                for (int i = 0; i < mr; i++)
                {
                    float* o = sliver + i;
                    if (i < rows)
                    {
                        float* src = _a + ((nint)(ic + i0 + i) * _k) + pc;
                        for (int p = 0; p < kc; p++)
                        {
                            o[p * mr] = src[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            o[p * mr] = 0f;
                        }
                    }
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = _a + ((nint)(pc + p) * _m) + ic + i0;
                    float* o = sliver + (p * mr);
                    for (int i = 0; i < rows; i++)
                    {
                        o[i] = src[i];
                    }

                    for (int i = rows; i < mr; i++)
                    {
                        o[i] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>Packs B[pc..pc+kc, jc..jc+nc] into NR-wide slivers, k-major, zero-padded to a multiple of NR.</summary>
    private void PackB(int pc, int kc, int jc, int nc, float* dst)
    {
        int nr = _nr;
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            float* sliver = dst + ((nint)j0 * kc);
            int cols = Math.Min(nr, nc - j0);
            if (!_transposeB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = _b + ((nint)(pc + p) * _n) + jc + j0;
                    float* o = sliver + (p * nr);
                    Buffer.MemoryCopy(src, o, nr * sizeof(float), cols * sizeof(float));
                    for (int j = cols; j < nr; j++)
                    {
                        o[j] = 0f;
                    }
                }
            }
            else
            {
                for (int j = 0; j < nr; j++)
                {
                    float* o = sliver + j;
                    if (j < cols)
                    {
                        float* src = _b + ((nint)(jc + j0 + j) * _k) + pc;
                        for (int p = 0; p < kc; p++)
                        {
                            o[p * nr] = src[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            o[p * nr] = 0f;
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A thread's packing buffer of at least <paramref name="floats"/> floats, 64-byte aligned.</summary>
    private static float* Aligned(ref float[]? buffer, int floats)
    {
        const int Slack = 64 / sizeof(float);
        if (buffer is null || buffer.Length < floats + Slack)
        {
            buffer = GC.AllocateUninitializedArray<float>(floats + Slack, pinned: true);
        }

        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        nint misalignment = (nint)p & 63;
        return misalignment == 0 ? p : (float*)((byte*)p + (64 - misalignment));
    }
}
