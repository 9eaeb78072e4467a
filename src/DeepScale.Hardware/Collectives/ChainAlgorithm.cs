using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Pipelined ring broadcast (NCCL's ring broadcast): each channel's ring, cut open at the root, is a chain of n-1
/// hops; the channel's S/k bytes travel in q chunks. The pipeline runs in n + q - 2 synchronous ticks: tick t moves
/// chunk t - h across every active hop h of every channel at once, taking the largest latency of the active hops
/// plus chunk / (ρ_t·η), ρ_t the rate each stream of the tick gets when they all share the links.
/// T = start + Σ_t (α_t + chunk / (ρ_t·η)), which is Σ_h τ_h + (q-1)·max_h τ_h for uniform hops.
/// </summary>
internal static class ChainAlgorithm
{
    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        double eta = ctx.Protocol.Efficiency(g.RingBandwidth);
        LockStepProgram program = Program(ctx, eta);
        return new AlgorithmCost(program.Time, ctx.Protocol.StartDelay + new Duration(program.LatencyTicks), g.RingBandwidth * eta, ChunksOf(ctx), eta);
    }

    /// <summary>The chain's synchronous pipeline ticks as lock-step rounds (one phase).</summary>
    public static LockStepProgram Program(AlgorithmContext ctx) => Program(ctx, ctx.Protocol.Efficiency(ctx.Group.RingBandwidth));

    private static LockStepProgram Program(AlgorithmContext ctx, double eta)
    {
        GroupProfile g = ctx.Group;
        int k = g.Rings.Length;
        int q = ChunksOf(ctx);
        int root = ctx.Request.Root;
        int[][] chains = [.. g.Rings.Select(r => Chain(r, root))];
        int hops = ctx.N - 1;
        long[] alpha = new long[hops];
        for (int h = 0; h < hops; h++)
        {
            alpha[h] = chains.Max(c => ctx.Protocol.Hop(g.ClassOf(c[h], c[h + 1])).Ticks);
        }

        FlowPattern[] stages = g.Memo($"chain:{root}:stages", () => Enumerable.Range(0, hops)
            .Select(h => g.PatternOf(chains.Select(c => (c[h], c[h + 1])))).ToArray());
        Dictionary<(int, int), FlowPattern> windows = g.Memo($"chain:{root}:windows", () => new Dictionary<(int, int), FlowPattern>());
        double wire = ctx.S / k / q / eta;
        ProgramBuilder b = new();
        for (int t = 0; t < hops + q - 1; t++)
        {
            int lo = Math.Max(0, t - q + 1);
            int hi = Math.Min(hops - 1, t);
            long latency = 0;
            for (int h = lo; h <= hi; h++)
            {
                latency = Math.Max(latency, alpha[h]);
            }

            if (!windows.TryGetValue((lo, hi), out FlowPattern? window))
            {
                UsageAccumulator u = g.Accumulator;
                u.Clear();
                for (int h = lo; h <= hi; h++)
                {
                    u.Add(stages[h]);
                }

                window = u.ToPattern();
                u.Clear();
                windows[(lo, hi)] = window;
            }

            b.Round(window, wire, latency, 0);
        }

        return b.Build(ctx.Protocol.StartDelay);
    }

    public static void Build(AlgorithmContext ctx, PlanBuilder plan, int chunks)
    {
        GroupProfile g = ctx.Group;
        Bytes chunk = new(ctx.S / g.Rings.Length / chunks);
        for (int c = 0; c < g.Rings.Length; c++)
        {
            int[] chain = Chain(g.Rings[c], ctx.Request.Root);
            int hops = chain.Length - 1;
            int[] last = new int[hops];
            Array.Fill(last, -1);
            for (int j = 0; j < chunks; j++)
            {
                int upstream = -1;
                for (int h = 0; h < hops; h++)
                {
                    Duration alpha = ctx.Protocol.Hop(g.ClassOf(chain[h], chain[h + 1]));
                    upstream = plan.Add(g.Group[chain[h]], g.Group[chain[h + 1]], chunk, alpha, c, h, upstream, last[h]);
                    last[h] = upstream;
                }
            }
        }
    }

    /// <summary>The ring rotated so the root comes first.</summary>
    internal static int[] Chain(int[] ring, int root)
    {
        int at = Array.IndexOf(ring, root);
        return [.. ring[at..], .. ring[..at]];
    }

    private static int ChunksOf(AlgorithmContext ctx) => AlgorithmContext.ChunksFor(ctx.S / ctx.Group.Rings.Length);
}
