using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Ring all-reduce, reduce-scatter and all-gather (Patarasuk and Yuan 2009): each channel's ring moves S/(n·k)
/// per step; all-reduce takes 2(n-1) steps, the others n-1. Step s of the rank at ring position i forwards what it
/// received in step s-1 from position i-1, so one bound is the path along consecutive ring edges,
/// Σ_window (α_e + c/(r_e·η)); the other is the slowest edge, which must carry every step's chunk:
/// α + steps·c/(ρ·η). T = start + max of the two (c = S/(n·k); r_e: rate of edge e, ρ = min r_e, when all k rings
/// run; η: protocol efficiency). On a uniform ring both give NCCL's form 2(n-1)·α + 2(n-1)/n·S/(k·ρ·η).
/// </summary>
internal static class RingAlgorithm
{
    public static int StepsOf(CollectiveOp op, int n) => op == CollectiveOp.AllReduce ? 2 * (n - 1) : n - 1;

    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        int n = ctx.N;
        int k = g.Rings.Length;
        int steps = StepsOf(ctx.Request.Op, n);
        double eta = ctx.Protocol.Efficiency(g.RingBandwidth);
        double perStep = ctx.S / (n * (double)k);
        long window = 0;
        double path = 0;
        double slowest = 0;
        double[] alphaOf = [.. Enum.GetValues<HopClass>().Select(h => ctx.Protocol.Hop(h).Seconds)];
        double[] edge = new double[n];
        for (int c = 0; c < k; c++)
        {
            HopClass[] classes = g.RingEdgeClasses[c];
            ByteRate[] rates = g.RingEdgeRates[c];
            for (int i = 0; i < n; i++)
            {
                double alpha = alphaOf[(int)classes[i]];
                double transfer = AlgorithmContext.Seconds(perStep, rates[i], eta);
                edge[i] = alpha + transfer;
                slowest = Math.Max(slowest, alpha + (steps * transfer));
            }

            window = Math.Max(window, MaxWindow(ctx, classes, steps));
            path = Math.Max(path, MaxWindowSum(edge, steps));
        }

        Duration latency = ctx.Protocol.StartDelay + new Duration(window);
        Duration time = ctx.Protocol.StartDelay + Duration.FromSeconds(Math.Max(path, slowest));
        return new AlgorithmCost(time, latency, g.RingBandwidth * eta, 1, eta);
    }

    /// <summary>
    /// The lock-step rounds of the ring: one round per ring step, each a bundle over every channel's ring edges
    /// moving S/(n·k) per member. The rounds' latencies add up to the part of the analytical time that the
    /// bottleneck link's wire time does not explain: max(path, slowest) - steps·c/(ρ·η), which is the per-edge
    /// latency sum on a uniform ring and the unhidden latency of a ring whose edges differ.
    /// </summary>
    public static LockStepProgram Program(AlgorithmContext ctx, AlgorithmCost cost)
    {
        GroupProfile g = ctx.Group;
        int n = ctx.N;
        int steps = StepsOf(ctx.Request.Op, n);
        FlowPattern pattern = g.Memo("ring:pattern", () => g.PatternOf(g.Rings.SelectMany(GroupProfile.RingEdges)));
        double wire = ctx.S / (n * (double)g.Rings.Length) / cost.Efficiency;
        double bandwidthSeconds = wire <= 0 || pattern.IsEmpty ? 0 : steps * wire / pattern.Rate;
        long exposed = (cost.Time - ctx.Protocol.StartDelay).Ticks - (long)Math.Round(bandwidthSeconds * Duration.TicksPerSecond);
        ProgramBuilder b = new();
        b.Rounds(steps, pattern, wire, Math.Max(0, exposed), 0);
        return b.Build(ctx.Protocol.StartDelay);
    }

    /// <summary>Largest sum of <paramref name="steps"/> consecutive values of a cyclic array.</summary>
    internal static double MaxWindowSum(double[] a, int steps)
    {
        int n = a.Length;
        double total = a.Sum();
        double full = total * (steps / n);
        int rest = steps % n;
        double sum = 0;
        for (int i = 0; i < rest; i++)
        {
            sum += a[i];
        }

        double best = sum;
        for (int start = 1; start < n && rest > 0; start++)
        {
            sum += a[(start + rest - 1) % n] - a[start - 1];
            best = Math.Max(best, sum);
        }

        return full + best;
    }

    public static void Build(AlgorithmContext ctx, PlanBuilder plan)
    {
        GroupProfile g = ctx.Group;
        int n = ctx.N;
        int steps = StepsOf(ctx.Request.Op, n);
        Bytes perStep = new(ctx.S / (n * (double)g.Rings.Length));
        for (int c = 0; c < g.Rings.Length; c++)
        {
            int[] ring = g.Rings[c];
            Duration[] alpha = [.. g.RingEdgeClasses[c].Select(ctx.Protocol.Hop)];
            int[] previous = new int[n];
            Array.Fill(previous, -1);
            int[] current = new int[n];
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < n; i++)
                {
                    int from = ring[i];
                    int to = ring[(i + 1) % n];
                    current[i] = plan.Add(g.Group[from], g.Group[to], perStep, alpha[i], c, s, previous[(i + n - 1) % n]);
                }

                (previous, current) = (current, previous);
            }
        }
    }

    /// <summary>Largest sum of per-edge latencies over <paramref name="steps"/> consecutive edges of the ring (ticks).</summary>
    internal static long MaxWindow(AlgorithmContext ctx, int[] ring, int steps) =>
        MaxWindow(ctx, [.. GroupProfile.RingEdges(ring).Select(e => ctx.Group.ClassOf(e.From, e.To))], steps);

    /// <summary>Largest latency sum over <paramref name="steps"/> consecutive edges, from the edges' hop classes (ticks).</summary>
    internal static long MaxWindow(AlgorithmContext ctx, HopClass[] classes, int steps)
    {
        int n = classes.Length;
        long[] ticksOf = [.. Enum.GetValues<HopClass>().Select(h => ctx.Protocol.Hop(h).Ticks)];
        long[] a = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            a[i] = ticksOf[(int)classes[i]];
            total += a[i];
        }

        long full = total * (steps / n);
        int rest = steps % n;
        long best = 0;
        long sum = 0;
        for (int i = 0; i < rest; i++)
        {
            sum += a[i];
        }

        best = sum;
        for (int start = 1; start < n && rest > 0; start++)
        {
            sum += a[(start + rest - 1) % n] - a[start - 1];
            best = Math.Max(best, sum);
        }

        return full + best;
    }
}
