using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The peak-FLOP probe: independent chains of fused multiply-adds on the widest vectors the GEMM micro-kernel uses
/// (AVX-512, else AVX2+FMA3, else scalar), with no memory traffic, on one or more threads. Its rate is the dense
/// FP32 peak at the clock the processor actually runs (which a virtual machine does not report), so that the
/// fitted GEMM rate can be stated as a ceiling relative to it, as the cost model expects.
/// </summary>
/// <remarks>Twelve accumulators cover the FMA latency times the FMA pipes of current x86 cores (4 cycles × 2
/// pipes = 8 in flight on AMD Zen 4/5 and Intel Golden Cove; Agner Fog, "Instruction tables", VFMADD lines), so
/// the loop is throughput-bound.</remarks>
public static class FmaProbe
{
    /// <summary>Independent accumulators per thread.</summary>
    public const int Accumulators = 12;

    /// <summary>FP32 lanes of one accumulator on this processor.</summary>
    public static int Lanes => Avx512F.IsSupported ? 16 : Fma.IsSupported && Avx2.IsSupported ? 8 : 1;

    /// <summary>The work of <paramref name="iterations"/> loop iterations on each of <paramref name="threads"/> threads.</summary>
    public static IKernelWork Work(int iterations, int threads) =>
        new ProbeWork(new FlopCount(2.0 * Accumulators * Lanes * iterations * threads));

    /// <summary>Runs the probe; returns a value that depends on every FMA (so none can be removed).</summary>
    public static float Run(int iterations, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (threads == 1)
        {
            return Chains(iterations, 1f);
        }

        float[] results = new float[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => results[t] = Chains(iterations, 1f + t));
        return results.Sum();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Chains(int iterations, float seed)
    {
        if (Avx512F.IsSupported)
        {
            Vector512<float> a = Vector512.Create(0.999999f), b = Vector512.Create(1e-7f);
            Vector512<float> c0 = Vector512.Create(seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            Vector512<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            for (int i = 0; i < iterations; i++)
            {
                c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
                c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
                c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
                c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
                c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
                c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
                c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
                c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
                c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
                c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
                c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
                c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
            }

            return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }

        if (Fma.IsSupported && Avx2.IsSupported)
        {
            Vector256<float> a = Vector256.Create(0.999999f), b = Vector256.Create(1e-7f);
            Vector256<float> c0 = Vector256.Create(seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            Vector256<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            for (int i = 0; i < iterations; i++)
            {
                c0 = Fma.MultiplyAdd(c0, a, b);
                c1 = Fma.MultiplyAdd(c1, a, b);
                c2 = Fma.MultiplyAdd(c2, a, b);
                c3 = Fma.MultiplyAdd(c3, a, b);
                c4 = Fma.MultiplyAdd(c4, a, b);
                c5 = Fma.MultiplyAdd(c5, a, b);
                c6 = Fma.MultiplyAdd(c6, a, b);
                c7 = Fma.MultiplyAdd(c7, a, b);
                c8 = Fma.MultiplyAdd(c8, a, b);
                c9 = Fma.MultiplyAdd(c9, a, b);
                c10 = Fma.MultiplyAdd(c10, a, b);
                c11 = Fma.MultiplyAdd(c11, a, b);
            }

            return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }

        float s0 = seed, s1 = seed, s2 = seed, s3 = seed, s4 = seed, s5 = seed;
        float s6 = seed, s7 = seed, s8 = seed, s9 = seed, s10 = seed, s11 = seed;
        for (int i = 0; i < iterations; i++)
        {
            s0 = MathF.FusedMultiplyAdd(s0, 0.999999f, 1e-7f);
            s1 = MathF.FusedMultiplyAdd(s1, 0.999999f, 1e-7f);
            s2 = MathF.FusedMultiplyAdd(s2, 0.999999f, 1e-7f);
            s3 = MathF.FusedMultiplyAdd(s3, 0.999999f, 1e-7f);
            s4 = MathF.FusedMultiplyAdd(s4, 0.999999f, 1e-7f);
            s5 = MathF.FusedMultiplyAdd(s5, 0.999999f, 1e-7f);
            s6 = MathF.FusedMultiplyAdd(s6, 0.999999f, 1e-7f);
            s7 = MathF.FusedMultiplyAdd(s7, 0.999999f, 1e-7f);
            s8 = MathF.FusedMultiplyAdd(s8, 0.999999f, 1e-7f);
            s9 = MathF.FusedMultiplyAdd(s9, 0.999999f, 1e-7f);
            s10 = MathF.FusedMultiplyAdd(s10, 0.999999f, 1e-7f);
            s11 = MathF.FusedMultiplyAdd(s11, 0.999999f, 1e-7f);
        }

        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11;
    }

    /// <summary>FLOPs of a probe run; it moves no memory.</summary>
    private readonly record struct ProbeWork(FlopCount Flops) : IKernelWork
    {
        public Bytes BytesMoved => Bytes.Zero;
    }
}
