using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Hierarchical all-reduce: (1) ring reduce-scatter inside every node (m-1 steps of S/m), after which local rank i
/// holds shard (i+1) mod m; (2) ring all-reduce of each shard among the ranks with the same local index across the
/// nodes (one rail each, all rails at once: 2(N-1) steps of S/(m·N)); (3) ring all-gather inside every node.
/// T = start + 2·[window_intra(m-1) + (m-1)·S/m / (ρ_intra·η)] + [window_rail(2(N-1)) + 2(N-1)·S/(mN) / (ρ_rail·η)].
/// </summary>
internal static class HierarchicalAlgorithm
{
    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        double eta = ctx.Protocol.Efficiency(ctx.Group.RingBandwidth);
        LockStepProgram program = Program(ctx, eta);
        Duration latency = ctx.Protocol.StartDelay + new Duration(program.LatencyTicks);
        return new AlgorithmCost(program.Time, latency, ctx.Group.RingBandwidth * eta, 1, eta);
    }

    /// <summary>
    /// Three phases of lock-step rounds: m-1 intra-node reduce-scatter steps over every node's ring, 2(N-1) rail
    /// all-reduce steps over every rail's ring, m-1 intra-node all-gather steps; each phase's latency is its
    /// largest latency window, spread evenly over its rounds.
    /// </summary>
    public static LockStepProgram Program(AlgorithmContext ctx) => Program(ctx, ctx.Protocol.Efficiency(ctx.Group.RingBandwidth));

    private static LockStepProgram Program(AlgorithmContext ctx, double eta)
    {
        (int m, int nodes) = Shape(ctx);
        GroupProfile g = ctx.Group;
        ProgramBuilder b = new();
        FlowPattern? intra = null;
        long intraWindow = 0;
        int phase = 0;
        if (m > 1)
        {
            foreach (int[] local in g.RanksByNode)
            {
                intraWindow = Math.Max(intraWindow, RingAlgorithm.MaxWindow(ctx, local, m - 1));
            }

            intra = g.Memo("hier:intra", () => g.PatternOf(g.RanksByNode.SelectMany(GroupProfile.RingEdges)));
            b.Rounds(m - 1, intra, ctx.S / m / eta, intraWindow, phase++);
        }

        if (nodes > 1)
        {
            long railWindow = 0;
            for (int i = 0; i < m; i++)
            {
                railWindow = Math.Max(railWindow, RingAlgorithm.MaxWindow(ctx, Rail(g, i), 2 * (nodes - 1)));
            }

            FlowPattern rail = g.Memo("hier:rail", () => g.PatternOf(Enumerable.Range(0, m).SelectMany(i => GroupProfile.RingEdges(Rail(g, i)))));
            b.Rounds(2 * (nodes - 1), rail, ctx.S / m / nodes / eta, railWindow, phase++);
        }

        if (intra is not null)
        {
            b.Rounds(m - 1, intra, ctx.S / m / eta, intraWindow, phase);
        }

        return b.Build(ctx.Protocol.StartDelay);
    }

    public static void Build(AlgorithmContext ctx, PlanBuilder plan)
    {
        (int m, int nodes) = Shape(ctx);
        GroupProfile g = ctx.Group;
        Bytes shard = new(ctx.S / m);
        int[] lastReceive = new int[ctx.N];
        Array.Fill(lastReceive, -1);
        IntraRing(ctx, plan, m - 1, shard, lastReceive, phaseOffset: 0);
        if (nodes > 1)
        {
            Bytes piece = new(ctx.S / m / nodes);
            int steps = 2 * (nodes - 1);
            for (int i = 0; i < m; i++)
            {
                int[] rail = Rail(g, i);
                Duration[] alpha = [.. Enumerable.Range(0, nodes).Select(p => ctx.Protocol.Hop(g.ClassOf(rail[p], rail[(p + 1) % nodes])))];
                int[] previous = [.. rail.Select(r => lastReceive[r])];
                for (int s = 0; s < steps; s++)
                {
                    int[] current = new int[nodes];
                    for (int p = 0; p < nodes; p++)
                    {
                        int dep = previous[(p + nodes - 1) % nodes];
                        int own = s == 0 ? lastReceive[rail[p]] : -1;
                        current[p] = plan.Add(g.Group[rail[p]], g.Group[rail[(p + 1) % nodes]], piece, alpha[p], m + i, m + s, dep, own);
                    }

                    previous = current;
                }

                for (int p = 0; p < nodes; p++)
                {
                    lastReceive[rail[(p + 1) % nodes]] = previous[p];
                }
            }
        }

        IntraRing(ctx, plan, m - 1, shard, lastReceive, phaseOffset: m + (2 * nodes));
    }

    private static void IntraRing(AlgorithmContext ctx, PlanBuilder plan, int steps, Bytes chunk, int[] lastReceive, int phaseOffset)
    {
        GroupProfile g = ctx.Group;
        for (int node = 0; node < g.Nodes; node++)
        {
            int[] ring = g.RanksByNode[node];
            int m = ring.Length;
            if (m < 2)
            {
                continue;
            }

            Duration[] alpha = [.. Enumerable.Range(0, m).Select(i => ctx.Protocol.Hop(g.ClassOf(ring[i], ring[(i + 1) % m])))];
            int[] previous = [.. ring.Select(r => lastReceive[r])];
            for (int s = 0; s < steps; s++)
            {
                int[] current = new int[m];
                for (int i = 0; i < m; i++)
                {
                    current[i] = plan.Add(g.Group[ring[i]], g.Group[ring[(i + 1) % m]], chunk, alpha[i], node, phaseOffset + s,
                        previous[(i + m - 1) % m], s == 0 ? lastReceive[ring[i]] : -1);
                }

                previous = current;
            }

            for (int i = 0; i < m; i++)
            {
                lastReceive[ring[(i + 1) % m]] = previous[i];
            }
        }
    }

    private static int[] Rail(GroupProfile g, int local) => [.. g.RanksByNode.Select(l => l[local])];

    private static (int M, int Nodes) Shape(AlgorithmContext ctx)
    {
        GroupProfile g = ctx.Group;
        if (g.PerNode < 1)
        {
            throw new ArgumentException("algorithm: hierarchical needs the same number of ranks on every node", nameof(ctx));
        }

        return (g.PerNode, g.Nodes);
    }
}
