using DeepScale.Core.Random;
using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

/// <summary>Naive double-precision reference implementations and seeded test data.</summary>
internal static class Reference
{
    public static float[] Uniform(long n, ulong seed, double min = -1, double max = 1)
    {
        var random = new DeterministicRandom(seed);
        float[] values = new float[n];
        for (long i = 0; i < n; i++)
        {
            values[i] = (float)random.Uniform(min, max);
        }

        return values;
    }

    public static double[] Gemm(float[] a, float[] b, GemmShape s)
    {
        double[] c = new double[s.ElementsC];
        for (int i = 0; i < s.M; i++)
        {
            for (int j = 0; j < s.N; j++)
            {
                double sum = 0;
                for (int p = 0; p < s.K; p++)
                {
                    double aip = s.TransposeA ? a[(p * s.M) + i] : a[(i * s.K) + p];
                    double bpj = s.TransposeB ? b[(j * s.K) + p] : b[(p * s.N) + j];
                    sum += aip * bpj;
                }

                c[(i * s.N) + j] = sum;
            }
        }

        return c;
    }

    public static double[] Conv(float[] x, float[] w, float[] bias, Conv2dShape s)
    {
        double[] y = new double[s.OutputElements];
        for (int n = 0; n < s.Batch; n++)
        {
            for (int k = 0; k < s.OutChannels; k++)
            {
                for (int p = 0; p < s.OutHeight; p++)
                {
                    for (int q = 0; q < s.OutWidth; q++)
                    {
                        double sum = bias.Length > 0 ? bias[k] : 0;
                        for (int c = 0; c < s.InChannels; c++)
                        {
                            for (int r = 0; r < s.KernelSize; r++)
                            {
                                for (int t = 0; t < s.KernelSize; t++)
                                {
                                    int ih = (p * s.Stride) - s.Padding + r;
                                    int iw = (q * s.Stride) - s.Padding + t;
                                    if (ih < 0 || ih >= s.Height || iw < 0 || iw >= s.Width)
                                    {
                                        continue;
                                    }

                                    sum += (double)w[(((k * s.InChannels) + c) * s.KernelSize + r) * s.KernelSize + t]
                                        * x[(((n * s.InChannels) + c) * s.Height + ih) * s.Width + iw];
                                }
                            }
                        }

                        y[(((n * s.OutChannels) + k) * s.OutHeight + p) * s.OutWidth + q] = sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>GELU, tanh form, in double.</summary>
    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));

    public static void AreClose(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Count, actual);
        for (int i = 0; i < expected.Count; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (error > tolerance * Math.Max(1, Math.Abs(expected[i])))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (error {error:E2})");
            }
        }
    }
}
