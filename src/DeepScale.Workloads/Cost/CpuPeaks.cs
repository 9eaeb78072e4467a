using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>The FMA probe's peak rates of a CPU: one thread on one core, and one thread on every core.</summary>
public readonly record struct CpuPeaks(FlopRate PerCore, FlopRate AllCores)
{
    /// <summary>
    /// Each core's rate with <paramref name="active"/> cores busy, relative to one busy core: a processor's boost
    /// clock falls as more cores draw power. Measured by the probe at one and at all cores, linear between.
    /// </summary>
    public double ClockFactor(int active, int cores)
    {
        if (active <= 1 || cores <= 1)
        {
            return 1;
        }

        double all = Math.Min(1, AllCores.FlopsPerSecond / (cores * PerCore.FlopsPerSecond));
        return 1 + ((all - 1) * (Math.Min(active, cores) - 1) / (cores - 1));
    }
}
