using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Register-tile micro-kernels of the blocked GEMM (Goto and van de Geijn 2008, "Anatomy of high-performance
/// matrix multiplication", ACM TOMS 34(3), section 4; Van Zee and van de Geijn 2015, BLIS, figure 2). Each
/// computes an MR×NR tile of C from a packed MR-wide sliver of A and a packed NR-wide sliver of B over kc terms,
/// then stores the tile (first k-block) or adds it to C (later k-blocks).
/// </summary>
/// <remarks>
/// Every kernel accumulates a tile element as <c>fma(a[p], b[p], acc)</c> for p = 0..kc−1 starting from zero, and
/// k-blocks are added to C in the same order, so all kernels and all thread partitions give bit-identical results.
/// </remarks>
internal static unsafe class GemmMicroKernels
{
    /// <summary>8×32 tile: 16 zmm accumulators, 2 zmm of B and one broadcast of A per k step (19 of 32 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx512Tile8x32(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero, c61 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero, c71 = Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Avx512F.LoadAlignedVector512(b);
            Vector512<float> b1 = Avx512F.LoadAlignedVector512(b + 16);
            Vector512<float> ai = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(ai, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(ai, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(ai, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(ai, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(ai, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(ai, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(ai, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(ai, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(ai, b1, c71);
            a += 8;
            b += 32;
        }

        Update512(c, c00, c01, overwrite);
        Update512(c + ldc, c10, c11, overwrite);
        Update512(c + (2 * ldc), c20, c21, overwrite);
        Update512(c + (3 * ldc), c30, c31, overwrite);
        Update512(c + (4 * ldc), c40, c41, overwrite);
        Update512(c + (5 * ldc), c50, c51, overwrite);
        Update512(c + (6 * ldc), c60, c61, overwrite);
        Update512(c + (7 * ldc), c70, c71, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update512(float* row, Vector512<float> v0, Vector512<float> v1, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector512.Load(row);
            v1 += Vector512.Load(row + 16);
        }

        v0.Store(row);
        v1.Store(row + 16);
    }

    /// <summary>6×16 tile: 12 ymm accumulators, 2 ymm of B and one broadcast of A per k step (15 of 16 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx2Tile6x16(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadAlignedVector256(b);
            Vector256<float> b1 = Avx.LoadAlignedVector256(b + 8);
            Vector256<float> ai = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 6;
            b += 16;
        }

        Update256(c, c00, c01, overwrite);
        Update256(c + ldc, c10, c11, overwrite);
        Update256(c + (2 * ldc), c20, c21, overwrite);
        Update256(c + (3 * ldc), c30, c31, overwrite);
        Update256(c + (4 * ldc), c40, c41, overwrite);
        Update256(c + (5 * ldc), c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update256(float* row, Vector256<float> v0, Vector256<float> v1, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector256.Load(row);
            v1 += Vector256.Load(row + 8);
        }

        v0.Store(row);
        v1.Store(row + 8);
    }

    /// <summary>4×8 tile with scalar fused multiply-adds (correct everywhere, fast nowhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PortableTile4x8(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        const int Mr = 4;
        const int Nr = 8;
        float* acc = stackalloc float[Mr * Nr];
        new Span<float>(acc, Mr * Nr).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < Mr; i++)
            {
                float ai = a[i];
                float* row = acc + (i * Nr);
                for (int j = 0; j < Nr; j++)
                {
                    row[j] = MathF.FusedMultiplyAdd(ai, b[j], row[j]);
                }
            }

            a += Mr;
            b += Nr;
        }

        for (int i = 0; i < Mr; i++)
        {
            float* dst = c + (i * ldc);
            float* src = acc + (i * Nr);
            for (int j = 0; j < Nr; j++)
            {
                dst[j] = overwrite ? src[j] : dst[j] + src[j];
            }
        }
    }
}
