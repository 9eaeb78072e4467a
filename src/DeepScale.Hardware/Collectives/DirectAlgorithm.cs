using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Direct point-to-point transfers, all at once: all-to-all sends S/n from every rank to every other rank (as
/// NCCL's grouped send/recv does); send/recv is one transfer of S from rank 0 to rank 1, and over n &gt; 2 ranks a
/// shift along the ring, rank i sending S to rank i + 1 mod n (one step of a ring exchange, as Transformer Engine's
/// userbuffers pass GEMM chunks between tensor-parallel neighbours). Every flow gets the rate ρ = min over links of
/// capacity / flows on the link, so T = start + max α + (S/n) / ρ (S / ρ for send/recv).
/// </summary>
internal static class DirectAlgorithm
{
    /// <summary>Above this many ranks the all-to-all rate uses node-level aggregates instead of routing all n² flows.</summary>
    private const int ExactRateLimit = 128;

    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        (double bytes, ByteRate rate, Duration alpha) = Shape(ctx);
        Duration latency = ctx.Protocol.StartDelay + alpha;
        double seconds = AlgorithmContext.Seconds(bytes, rate, 1.0);
        return new AlgorithmCost(latency + Duration.FromSeconds(seconds), latency, rate * Math.Max(1, g.N - 1), 1, 1.0);
    }

    /// <summary>One lock-step round: every transfer at once (all-to-all up to 128 ranks, or the one send/recv).</summary>
    public static LockStepProgram Program(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        (double bytes, _, Duration alpha) = Shape(ctx);
        FlowPattern pattern;
        if (ctx.Request.Op == CollectiveOp.SendRecv)
        {
            pattern = g.Memo("direct:pair", () => g.PatternOf(Pairs(g.N)));
        }
        else if (g.N <= ExactRateLimit)
        {
            pattern = g.Memo("direct:pattern", () => g.PatternOf(
                Enumerable.Range(0, g.N).SelectMany(a => Enumerable.Range(0, g.N).Where(b => b != a).Select(b => (a, b)))));
        }
        else
        {
            throw new NotSupportedException($"group: an all-to-all over {g.N} ranks has {(long)g.N * (g.N - 1)} routes; "
                + $"its link-level form is built for at most {ExactRateLimit} ranks");
        }

        ProgramBuilder b = new();
        b.Round(pattern, bytes, alpha.Ticks, 0);
        return b.Build(ctx.Protocol.StartDelay);
    }

    public static void Build(AlgorithmContext ctx, PlanBuilder plan)
    {
        GroupProfile g = ctx.Group;
        if (ctx.Request.Op == CollectiveOp.SendRecv)
        {
            foreach ((int from, int to) in Pairs(g.N))
            {
                plan.Add(g.Group[from], g.Group[to], ctx.Request.Size, ctx.Protocol.Hop(g.ClassOf(from, to)), from, 0);
            }

            return;
        }

        Bytes piece = new(ctx.S / g.N);
        for (int a = 0; a < g.N; a++)
        {
            for (int b = 0; b < g.N; b++)
            {
                if (a != b)
                {
                    plan.Add(g.Group[a], g.Group[b], piece, ctx.Protocol.Hop(g.ClassOf(a, b)), a, (b - a + g.N) % g.N);
                }
            }
        }
    }

    /// <summary>The transfers of a send/recv over <paramref name="n"/> ranks: 0 → 1, or the ring shift i → i + 1 mod n.</summary>
    private static IEnumerable<(int From, int To)> Pairs(int n) => n == 2 ? [(0, 1)] : Enumerable.Range(0, n).Select(i => (i, (i + 1) % n));

    private static (double Bytes, ByteRate Rate, Duration Alpha) Shape(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        if (ctx.Request.Op == CollectiveOp.SendRecv)
        {
            if (g.N == 2)
            {
                return (ctx.S, g.RouteOf(0, 1).Bottleneck, ctx.Protocol.Hop(g.ClassOf(0, 1)));
            }

            Duration slowest = Enumerable.Range(0, g.N).Select(i => ctx.Protocol.Hop(g.ClassOf(i, (i + 1) % g.N))).Max();
            return (ctx.S, g.Memo("direct:shift", () => g.RateOf(Pairs(g.N))), slowest);
        }

        int n = g.N;
        Duration alpha = ctx.Protocol.Hop(g.Nodes > 1 ? HopClass.Network : g.ClassOf(0, n - 1));
        if (n <= ExactRateLimit)
        {
            IEnumerable<(int, int)> all = Enumerable.Range(0, n).SelectMany(a => Enumerable.Range(0, n).Where(b => b != a).Select(b => (a, b)));
            return (ctx.S / n, g.Memo("direct:all", () => g.RateOf(all)), alpha);
        }

        // Aggregate: a rank's n-1 flows share its accelerator's links; a node's m(n-m) outbound flows share its NICs.
        int m = Math.Max(1, g.PerNode);
        ByteRate up = g.RouteOf(0, 1).Bottleneck / (n - 1);
        Topology.Cluster cluster = ctx.Group.RouteOfCluster;
        Specs.NodeSpec node = cluster.Node;
        double nic = node.NicLink is null ? double.PositiveInfinity
            : node.NicRate.BytesPerSecond * node.NicLink.AchievableFraction * node.NicsPerNode / (m * (double)(n - m));
        return (ctx.S / n, new ByteRate(Math.Min(up.BytesPerSecond, nic)), alpha);
    }
}
