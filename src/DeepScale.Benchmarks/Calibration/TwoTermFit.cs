namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Least squares of t ≈ a·x + b·y with a, b ≥ 0, each equation divided by its measured t (so every case weighs by
/// its relative error, and a 16 MiB case does not drown a 4 KiB one). The form of the α–β model of a link
/// (Hockney 1994, "The communication challenge for MPP", Parallel Computing 20(3)) and of a read path
/// (per-request cost plus bytes over bandwidth).
/// </summary>
internal static class TwoTermFit
{
    public static (double A, double B) Fit(IReadOnlyList<(double X, double Y, double T)> points, string group)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new CalibrationFitException($"{group}: {points.Count} measurement(s); the two coefficients need at least 2");
        }

        double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0;
        foreach ((double x, double y, double t) in points)
        {
            if (!(t > 0) || !double.IsFinite(x) || !double.IsFinite(y) || x < 0 || y < 0)
            {
                throw new CalibrationFitException($"{group}: a measurement has time {t}, x {x}, y {y}; times must be positive and terms non-negative");
            }

            double u = x / t, v = y / t;
            sxx += u * u;
            sxy += u * v;
            syy += v * v;
            sx += u;
            sy += v;
        }

        double det = (sxx * syy) - (sxy * sxy);
        if (Math.Abs(det) > 1e-12 * sxx * syy)
        {
            double a = ((sx * syy) - (sy * sxy)) / det;
            double b = ((sy * sxx) - (sx * sxy)) / det;
            if (a >= 0 && b >= 0)
            {
                return (a, b);
            }
        }

        // A coefficient at its bound: the better of the two one-term fits.
        (double A, double B) onlyA = (sxx > 0 ? sx / sxx : 0, 0);
        (double A, double B) onlyB = (0, syy > 0 ? sy / syy : 0);
        return Cost(points, onlyA) <= Cost(points, onlyB) ? onlyA : onlyB;
    }

    private static double Cost(IReadOnlyList<(double X, double Y, double T)> points, (double A, double B) c) =>
        points.Sum(p => Math.Pow(((c.A * p.X) + (c.B * p.Y) - p.T) / p.T, 2));
}
