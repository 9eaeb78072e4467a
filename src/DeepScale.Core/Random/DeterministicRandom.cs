using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepScale.Core.Random;

/// <summary>
/// A seeded pseudo-random generator with a stream that is identical on every platform and .NET version:
/// xoshiro256** (Blackman and Vigna 2018), state seeded through SplitMix64. One instance belongs to one
/// simulation; every sample comes from it in the order the model asks, so a seed fixes a run.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this stream started from.</summary>
    public ulong Seed { get; }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);
    }

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Exponential with the given mean, by inversion: −ln(1 − U)·mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Exponential(double mean) => -Math.Log(1.0 - NextDouble()) * mean;

    /// <summary>Normal by the Box–Muller transform (one of the pair is used, so the stream stays simple).</summary>
    public double Normal(double mean, double standardDeviation)
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return mean + (standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>An independent generator derived from this one (for a sub-component that needs its own stream).</summary>
    public DeterministicRandom Fork() => new(NextUInt64());
}
