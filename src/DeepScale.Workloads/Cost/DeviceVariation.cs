namespace DeepScale.Workloads.Cost;

/// <summary>
/// Devices of one SKU do not all sustain the same clock: manufacturing variation meets the power limit, so under
/// the same kernel one GPU runs a few per cent slower than the next. Sinha et al. (SC'22, arXiv:2208.11035)
/// measured kernels on more than 90% of the GPUs of five production clusters and found 8% average performance
/// variation between GPUs of the same SKU (up to 22% on some clusters and kernels), outliers excluded.
/// A synchronous training job couples all of its devices: tensor-parallel collectives every layer, pipeline
/// hand-offs every micro-batch and the data-parallel reduction every iteration make each step wait for the slowest
/// participant, so the whole job runs at the pace of its slowest device. With device speeds normally distributed
/// with relative standard deviation σ, and devices beyond the 1.5-IQR whiskers (±2.698σ) taken out of service as
/// outliers, the slowest of N devices runs at 1 − σ · E[max of N draws] of the median speed (the pace analytical
/// and symmetric replays use); a full replay draws each device's speed instead (<see cref="Draws"/>).
/// </summary>
public static class DeviceVariation
{
    /// <summary>Whisker of a box plot (Q3 + 1.5·IQR) of a normal distribution, in standard deviations.</summary>
    public const double WhiskerSigmas = 2.698;

    /// <summary>
    /// Relative standard deviation of sustained device speed that an 8% whisker-to-whisker spread implies
    /// (Sinha et al. SC'22: 8% average variation; 8% / (2 · 2.698) ≈ 1.5%).
    /// </summary>
    public const double ProductionCluster = 0.015;

    /// <summary>Largest accepted relative standard deviation.</summary>
    public const double MaxSigma = 0.2;

    private const int IntegrationSteps = 2048;

    /// <summary>
    /// Speed of the slowest of <paramref name="devices"/> devices relative to the median device, in (0, 1]: 1 for
    /// identical devices (σ = 0) or a single device.
    /// </summary>
    public static double SlowestSpeed(double sigma, int devices)
    {
        RequireSigma(sigma);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        return sigma == 0 || devices == 1 ? 1 : 1 - (sigma * ExpectedMaximum(devices));
    }

    /// <summary>
    /// One speed per device relative to the median, drawn from the same truncated normal with a seeded generator:
    /// what a full-fidelity replay gives each rank. Deterministic given the seed.
    /// </summary>
    public static double[] Draws(double sigma, int devices, ulong seed)
    {
        RequireSigma(sigma);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 0);
        var random = new Core.Random.DeterministicRandom(seed ^ 0x5EED_DE71_CE5Bul);
        var speeds = new double[devices];
        for (int i = 0; i < devices; i++)
        {
            double z;
            do
            {
                z = random.Normal(0, 1);
            }
            while (Math.Abs(z) > WhiskerSigmas);

            speeds[i] = 1 - (sigma * z);
        }

        return speeds;
    }

    /// <summary>
    /// E[max of n draws] of a standard normal truncated to ±<see cref="WhiskerSigmas"/>: for a variable on [−c, c],
    /// E[X] = c − ∫ F(x) dx, and the maximum's distribution function is Fⁿ (Simpson's rule).
    /// </summary>
    public static double ExpectedMaximum(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        const double c = WhiskerSigmas;
        double low = Phi(-c), mass = Phi(c) - low;
        double h = 2 * c / IntegrationSteps, sum = 0;
        for (int i = 0; i <= IntegrationSteps; i++)
        {
            double x = -c + (i * h);
            double f = Math.Pow((Phi(x) - low) / mass, n);
            sum += f * (i == 0 || i == IntegrationSteps ? 1 : i % 2 == 1 ? 4 : 2);
        }

        return c - (sum * h / 3);
    }

    private static void RequireSigma(double sigma)
    {
        if (!double.IsFinite(sigma) || sigma < 0 || sigma > MaxSigma)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"device_variation: {sigma} must be in [0, {MaxSigma}]");
        }
    }

    /// <summary>Standard normal distribution function (Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8).</summary>
    private static double Phi(double x)
    {
        double t = 1 / (1 + (0.2316419 * Math.Abs(x)));
        double poly = t * (0.319381530 + (t * (-0.356563782 + (t * (1.781477937 + (t * (-1.821255978 + (t * 1.330274429))))))));
        double tail = Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }
}
