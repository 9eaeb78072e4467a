using System.Numerics;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Recursive halving and doubling (Rabenseifner 2004; Thakur, Rabenseifner and Gropp 2005, Sec. 4). Over the
/// largest power of two p ≤ n: reduce-scatter in log2 p rounds exchanging S/2, S/4, ... with the partner at
/// distance p/2, p/4, ...; all-gather in log2 p rounds exchanging S/p, 2S/p, ... at distance 1, 2, .... For an
/// all-reduce with n not a power of two, the n - p extra ranks first send their buffer to a partner and get the
/// result back at the end. Each round costs its largest hop latency plus its bytes over the rate every exchange of
/// the round gets when all run at once: T = start + Σ_rounds (α_round + bytes_round / (ρ_round·η)).
/// </summary>
internal static class HalvingDoublingAlgorithm
{
    private sealed record Round(int Distance, double Bytes, bool Fold);

    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        double eta = ctx.Protocol.Efficiency(ctx.Group.RingBandwidth);
        LockStepProgram program = Program(ctx, eta);
        Duration start = ctx.Protocol.StartDelay;
        return new AlgorithmCost(program.Time, start + new Duration(program.LatencyTicks), ctx.Group.RingBandwidth * eta, 1, eta);
    }

    /// <summary>One lock-step round per exchange round (each its own phase): every exchange of the round at once.</summary>
    public static LockStepProgram Program(AlgorithmContext ctx) => Program(ctx, ctx.Protocol.Efficiency(ctx.Group.RingBandwidth));

    private static LockStepProgram Program(AlgorithmContext ctx, double eta)
    {
        GroupProfile g = ctx.Group;
        ProgramBuilder b = new();
        int phase = 0;
        foreach (Round r in Rounds(ctx))
        {
            List<(int From, int To)> flows = Flows(ctx, r);
            long alpha = flows.Max(f => ctx.Protocol.Hop(g.ClassOf(f.From, f.To)).Ticks);
            FlowPattern pattern = g.Memo($"hd:{r.Distance}:{r.Fold}", () => g.PatternOf(flows));
            b.Round(pattern, r.Bytes / eta, alpha, phase++);
        }

        return b.Build(ctx.Protocol.StartDelay);
    }

    public static void Build(AlgorithmContext ctx, PlanBuilder plan)
    {
        GroupProfile g = ctx.Group;
        int n = ctx.N;
        int[] lastReceive = new int[n];
        int[] lastSend = new int[n];
        Array.Fill(lastReceive, -1);
        Array.Fill(lastSend, -1);
        int phase = 0;
        foreach (Round r in Rounds(ctx))
        {
            List<(int From, int To)> flows = Flows(ctx, r);
            int[] received = (int[])lastReceive.Clone();
            foreach ((int from, int to) in flows)
            {
                Duration alpha = ctx.Protocol.Hop(g.ClassOf(from, to));
                // Rendezvous: the receiver takes this round's data once its previous receive is complete.
                int id = plan.Add(g.Group[from], g.Group[to], new Bytes(r.Bytes), alpha, 0, phase, lastReceive[from], lastSend[from], lastReceive[to]);
                lastSend[from] = id;
                received[to] = id;
            }

            lastReceive = received;
            phase++;
        }
    }

    private static List<Round> Rounds(AlgorithmContext ctx)
    {
        int n = ctx.N;
        int p = n <= 1 ? 1 : 1 << BitOperations.Log2((uint)n);
        int log = BitOperations.Log2((uint)p);
        CollectiveOp op = ctx.Request.Op;
        if (op != CollectiveOp.AllReduce && p != n)
        {
            throw new ArgumentException($"algorithm: recursive halving-doubling {op} needs a power-of-two group, not {n} ranks", nameof(ctx));
        }

        List<Round> rounds = [];
        if (n > p)
        {
            rounds.Add(new Round(p, ctx.S, true));
        }

        if (op is CollectiveOp.AllReduce or CollectiveOp.ReduceScatter)
        {
            for (int i = 0; i < log; i++)
            {
                rounds.Add(new Round(p >> (i + 1), ctx.S / (2 << i), false));
            }
        }

        if (op is CollectiveOp.AllReduce or CollectiveOp.AllGather)
        {
            for (int i = 0; i < log; i++)
            {
                rounds.Add(new Round(1 << i, ctx.S * (1 << i) / p, false));
            }
        }

        if (n > p)
        {
            rounds.Add(new Round(-p, ctx.S, true));
        }

        return rounds;
    }

    private static List<(int From, int To)> Flows(AlgorithmContext ctx, Round r)
    {
        int n = ctx.N;
        List<(int, int)> flows = [];
        if (r.Fold)
        {
            int p = Math.Abs(r.Distance);
            for (int e = p; e < n; e++)
            {
                flows.Add(r.Distance > 0 ? (e, e - p) : (e - p, e));
            }

            return flows;
        }

        int core = n <= 1 ? 1 : 1 << BitOperations.Log2((uint)n);
        for (int rank = 0; rank < core; rank++)
        {
            flows.Add((rank, rank ^ r.Distance));
        }

        return flows;
    }
}
