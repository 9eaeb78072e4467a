namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Nonlinear least squares by the Levenberg–Marquardt method (Marquardt 1963, "An algorithm for least-squares
/// estimation of nonlinear parameters", SIAM J. Appl. Math. 11(2)): minimises Σ rᵢ(x)² from a starting point,
/// with a forward-difference Jacobian and Marquardt's diagonal scaling. Deterministic: no randomness, fixed
/// iteration order.
/// </summary>
internal static class LevenbergMarquardt
{
    /// <summary>Returns the minimising parameters; <paramref name="residuals"/> must return the same count every call.</summary>
    public static double[] Minimize(Func<double[], double[]> residuals, double[] start, int maxIterations = 300)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(start);
        int n = start.Length;
        double[] x = [.. start];
        double[] r = residuals(x);
        double cost = SumOfSquares(r);
        double lambda = 1e-3;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            double[,] jacobian = Jacobian(residuals, x, r);
            var jtj = new double[n, n];
            double[] jtr = new double[n];
            for (int i = 0; i < r.Length; i++)
            {
                for (int a = 0; a < n; a++)
                {
                    double ja = jacobian[i, a];
                    if (ja == 0)
                    {
                        continue;
                    }

                    jtr[a] += ja * r[i];
                    for (int b = 0; b < n; b++)
                    {
                        jtj[a, b] += ja * jacobian[i, b];
                    }
                }
            }

            bool improved = false;
            while (lambda < 1e12)
            {
                var system = (double[,])jtj.Clone();
                for (int a = 0; a < n; a++)
                {
                    // Marquardt's scaling, with a floor so a parameter no residual depends on stays put.
                    system[a, a] += (lambda * jtj[a, a]) + 1e-12;
                }

                double[] rhs = [.. jtr.Select(v => -v)];
                double[]? step = Solve(system, rhs);
                if (step is null)
                {
                    lambda *= 10;
                    continue;
                }

                double[] trial = [.. x.Zip(step, (xi, si) => xi + si)];
                double[] trialResiduals = residuals(trial);
                double trialCost = SumOfSquares(trialResiduals);
                if (double.IsFinite(trialCost) && trialCost < cost)
                {
                    double gain = cost - trialCost;
                    x = trial;
                    r = trialResiduals;
                    cost = trialCost;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    if (gain <= 1e-14 * Math.Max(cost, 1e-300))
                    {
                        return x;
                    }

                    break;
                }

                lambda *= 10;
            }

            if (!improved)
            {
                return x;
            }
        }

        return x;
    }

    private static double[,] Jacobian(Func<double[], double[]> residuals, double[] x, double[] r)
    {
        var j = new double[r.Length, x.Length];
        for (int a = 0; a < x.Length; a++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[a]));
            double[] shifted = [.. x];
            shifted[a] += h;
            double[] rs = residuals(shifted);
            for (int i = 0; i < r.Length; i++)
            {
                j[i, a] = (rs[i] - r[i]) / h;
            }
        }

        return j;
    }

    private static double SumOfSquares(double[] r)
    {
        double s = 0;
        foreach (double v in r)
        {
            s += v * v;
        }

        return s;
    }

    /// <summary>Gaussian elimination with partial pivoting; null when the system is singular.</summary>
    public static double[]? Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        double[] v = [.. b];
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (!(Math.Abs(m[pivot, col]) > 1e-300))
            {
                return null;
            }

            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (v[col], v[pivot]) = (v[pivot], v[col]);
            }

            for (int row = col + 1; row < n; row++)
            {
                double factor = m[row, col] / m[col, col];
                if (factor == 0)
                {
                    continue;
                }

                for (int k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                v[row] -= factor * v[col];
            }
        }

        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double s = v[row];
            for (int k = row + 1; k < n; k++)
            {
                s -= m[row, k] * x[k];
            }

            x[row] = s / m[row, row];
        }

        return x.All(double.IsFinite) ? x : null;
    }
}
