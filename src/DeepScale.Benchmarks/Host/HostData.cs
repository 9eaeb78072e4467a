using DeepScale.Core.Random;

namespace DeepScale.Benchmarks.Host;

/// <summary>Seeded benchmark inputs.</summary>
internal static class HostData
{
    /// <summary>Values uniform in [−1, 1): a seeded block of 4096 repeated over the array (the kernels' speed does
    /// not depend on the values, and large arrays fill fast).</summary>
    public static float[] Uniform(long n, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        float[] block = new float[Math.Min(n, 4096)];
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (float)random.Uniform(-1, 1);
        }

        float[] values = new float[n];
        for (long start = 0; start < n; start += block.Length)
        {
            int count = (int)Math.Min(block.Length, n - start);
            block.AsSpan(0, count).CopyTo(values.AsSpan((int)start, count));
        }

        return values;
    }
}
