using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Pipelined ring broadcast (NCCL's ring broadcast): each channel's ring, cut open at the root, is a chain of n-1
/// hops; the channel's S/k bytes travel in q chunks, chunk j crossing hop h after it crossed hop h-1 and after chunk
/// j-1 crossed hop h. T = start + Σ_h τ_h + (q-1)·max_h τ_h, τ_h = α_h + chunk / (ρ·η).
/// </summary>
internal static class ChainAlgorithm
{
    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        int k = g.Rings.Length;
        double eta = ctx.Protocol.Efficiency(g.RingBandwidth);
        int q = AlgorithmContext.ChunksFor(ctx.S / k);
        double chunkSeconds = AlgorithmContext.Seconds(ctx.S / k / q, g.RingRate, eta);
        double worst = 0;
        foreach (int[] ring in g.Rings)
        {
            int[] chain = Chain(ring, ctx.Request.Root);
            double sum = 0;
            double max = 0;
            for (int h = 0; h + 1 < chain.Length; h++)
            {
                double tau = ctx.Protocol.Hop(g.ClassOf(chain[h], chain[h + 1])).Seconds + chunkSeconds;
                sum += tau;
                max = Math.Max(max, tau);
            }

            worst = Math.Max(worst, sum + ((q - 1) * max));
        }

        Duration start = ctx.Protocol.StartDelay;
        return new AlgorithmCost(start + Duration.FromSeconds(worst), start, g.RingBandwidth * eta, q, eta);
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
}
