using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Double binary tree all-reduce (Sanders, Speck and Träff 2009, as NCCL 2.4+ builds it): inside each node a chain
/// ends at a head rank; the heads form two binary trees over the nodes, the second over the node order shifted by
/// one so most inner nodes of one are leaves of the other. Each tree carries half of each channel's data, pipelined
/// in q chunks: reduce up the chain and the tree, broadcast down the tree and the chain. Channels (one per NIC rail,
/// up to the ranks per node) each use their own head. The pipeline has J = 2(m-1) + 2H stages (chain hops up, tree
/// levels up, tree levels down, chain hops down; H: tree height, m: ranks per node) and runs in J + q - 1
/// synchronous ticks: tick t moves chunk t - j through every active stage j of both trees and all channel pairs at
/// once, taking the largest hop latency of its active stages plus chunk / (ρ_t·η), where ρ_t is the rate every
/// stream of the tick gets when all of them share the links. T = start + Σ_t (α_t + chunk / (ρ_t·η)); with one
/// rate and one latency class this is NCCL's J·τ + (q-1)·τ.
/// </summary>
internal static class TreeAlgorithm
{
    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        Shape s = Shape.Of(ctx);
        double eta = ctx.Protocol.Efficiency(ctx.Group.RingBandwidth);
        LockStepProgram program = Program(ctx, s, eta);
        double seconds = program.RoundSeconds;
        Duration start = ctx.Protocol.StartDelay;
        ByteRate bw = ctx.S <= 0 || seconds <= 0 ? ByteRate.Zero : new ByteRate(2 * ctx.S / seconds);
        return new AlgorithmCost(program.Time, start + new Duration(program.LatencyTicks), bw, ChunksOf(ctx, s), eta);
    }

    /// <summary>The tree's synchronous pipeline ticks as lock-step rounds (one phase).</summary>
    public static LockStepProgram Program(AlgorithmContext ctx) =>
        Program(ctx, Shape.Of(ctx), ctx.Protocol.Efficiency(ctx.Group.RingBandwidth));

    private static LockStepProgram Program(AlgorithmContext ctx, Shape s, double eta)
    {
        int q = ChunksOf(ctx, s);
        double wire = ctx.S / (2.0 * s.Pairs) / q / eta;
        long chainLatency = s.M > 1 ? ctx.Protocol.Hop(s.ChainClass).Ticks : 0;
        long treeLatency = ctx.Protocol.Hop(HopClass.Network).Ticks;
        int stages = s.StageCount;
        ProgramBuilder b = new();
        for (int t = 0; t < stages + q - 1; t++)
        {
            int lo = Math.Max(0, t - q + 1);
            int hi = Math.Min(stages - 1, t);
            bool tree = s.Height > 0 && lo < s.M - 1 + (2 * s.Height) && hi >= s.M - 1;
            bool chain = lo < s.M - 1 || hi >= s.M - 1 + (2 * s.Height);
            long latency = Math.Max(tree ? treeLatency : 0, chain ? chainLatency : 0);
            b.Round(s.Window(ctx.Group, lo, hi), wire, latency, 0);
        }

        return b.Build(ctx.Protocol.StartDelay);
    }

    private static int ChunksOf(AlgorithmContext ctx, Shape s) => AlgorithmContext.ChunksFor(ctx.S / (2.0 * s.Pairs));

    public static void Build(AlgorithmContext ctx, PlanBuilder plan)
    {
        Shape s = Shape.Of(ctx);
        GroupProfile g = ctx.Group;
        int chunks = ChunksOf(ctx, s);
        Bytes chunk = new(ctx.S / (2.0 * s.Pairs) / chunks);
        Duration aChain = s.M > 1 ? ctx.Protocol.Hop(s.ChainClass) : Duration.Zero;
        Duration aTree = ctx.Protocol.Hop(HopClass.Network);
        Dictionary<(int Pair, int Tree, int Kind, int Node, int Pos), int> last = [];
        List<int> deps = new(5);
        for (int j = 0; j < chunks; j++)
        {
            for (int pair = 0; pair < s.Pairs; pair++)
            {
                for (int t = 0; t < 2; t++)
                {
                    int channel = (pair * 2) + t;
                    int[] upTree = new int[s.N];
                    int[] chainTop = new int[s.N];
                    foreach (int p in s.PostOrder[t])
                    {
                        int below = -1;
                        for (int pos = s.M - 1; pos >= 1; pos--)
                        {
                            below = plan.Add(g.Group[s.Rank(p, pair, pos)], g.Group[s.Rank(p, pair, pos - 1)], chunk, aChain, channel, 0,
                                below, last.GetValueOrDefault((pair, t, 0, p, pos), -1));
                            last[(pair, t, 0, p, pos)] = below;
                        }

                        chainTop[p] = below;
                        if (s.Parent[t][p] < 0)
                        {
                            continue;
                        }

                        deps.Clear();
                        deps.Add(below);
                        deps.AddRange(s.Children[t][p].Select(ch => upTree[ch]));
                        deps.Add(last.GetValueOrDefault((pair, t, 1, p, 0), -1));
                        upTree[p] = plan.Add(g.Group[s.Rank(p, pair, 0)], g.Group[s.Rank(s.Parent[t][p], pair, 0)], chunk, aTree, channel, 1, deps.ToArray());
                        last[(pair, t, 1, p, 0)] = upTree[p];
                    }

                    int[] downTree = new int[s.N];
                    foreach (int p in s.PreOrder[t])
                    {
                        deps.Clear();
                        if (s.Parent[t][p] < 0)
                        {
                            deps.Add(chainTop[p]);
                            deps.AddRange(s.Children[t][p].Select(ch => upTree[ch]));
                        }
                        else
                        {
                            deps.Add(downTree[p]);
                        }

                        int[] ready = [.. deps];
                        foreach (int child in s.Children[t][p])
                        {
                            int id = plan.Add(g.Group[s.Rank(p, pair, 0)], g.Group[s.Rank(child, pair, 0)], chunk, aTree, channel, 2,
                                [.. ready, last.GetValueOrDefault((pair, t, 2, child, 0), -1)]);
                            last[(pair, t, 2, child, 0)] = id;
                            downTree[child] = id;
                        }

                        int above = -1;
                        for (int pos = 1; pos < s.M; pos++)
                        {
                            int[] from = pos == 1 ? ready : [above];
                            above = plan.Add(g.Group[s.Rank(p, pair, pos - 1)], g.Group[s.Rank(p, pair, pos)], chunk, aChain, channel, 3,
                                [.. from, last.GetValueOrDefault((pair, t, 3, p, pos), -1)]);
                            last[(pair, t, 3, p, pos)] = above;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The trees, chains and pipeline stages of a group (independent of the message size).</summary>
    private sealed class Shape
    {
        private readonly Dictionary<(int Lo, int Hi), FlowPattern> _windows = [];

        public int N { get; private init; }

        public int M { get; private init; }

        public int Pairs { get; private init; }

        public int Height { get; private init; }

        public int[][] Parent { get; private init; } = [];

        public int[][][] Children { get; private init; } = [];

        public int[][] PostOrder { get; private init; } = [];

        public int[][] PreOrder { get; private init; } = [];

        public HopClass ChainClass { get; private init; }

        /// <summary>Link usage of each pipeline stage: every stream of both trees and all channel pairs.</summary>
        public FlowPattern[] Stages { get; private init; } = [];

        public int StageCount => Stages.Length;

        private int[][] Ranks { get; init; } = [];

        /// <summary>Rank at chain position <paramref name="pos"/> of node <paramref name="p"/> for channel pair <paramref name="pair"/> (position 0 is the head).</summary>
        public int Rank(int p, int pair, int pos) => Ranks[p][(pair + pos) % M];

        /// <summary>
        /// The usage of stages <paramref name="lo"/>..<paramref name="hi"/> running at once. The pipeline's windows
        /// grow by one stage at the top, then shrink by one at the bottom, so a window is built from the previous one
        /// with one stage added or removed when that one is known.
        /// </summary>
        public FlowPattern Window(GroupProfile g, int lo, int hi)
        {
            if (_windows.TryGetValue((lo, hi), out FlowPattern? pattern))
            {
                return pattern;
            }

            if (lo < hi && _windows.TryGetValue((lo, hi - 1), out FlowPattern? shorter))
            {
                pattern = FlowPattern.Combine(shorter, Stages[hi], 1, g.Accumulator.Graph);
                _windows[(lo, hi)] = pattern;
            }
            else if (lo > 0 && _windows.TryGetValue((lo - 1, hi), out FlowPattern? longer))
            {
                pattern = FlowPattern.Combine(longer, Stages[lo - 1], -1, g.Accumulator.Graph);
                _windows[(lo, hi)] = pattern;
            }
            else
            {
                UsageAccumulator u = g.Accumulator;
                u.Clear();
                for (int j = lo; j <= hi; j++)
                {
                    u.Add(Stages[j]);
                }

                pattern = u.ToPattern();
                u.Clear();
                _windows[(lo, hi)] = pattern;
            }

            return pattern;
        }

        public static Shape Of(AlgorithmContext ctx) =>
            ctx.Group.Memo("tree:shape", () => Compute(ctx));

        private static Shape Compute(AlgorithmContext ctx)
        {
            GroupProfile g = ctx.Group;
            if (g.PerNode < 1)
            {
                throw new ArgumentException("algorithm: double-binary-tree needs the same number of ranks on every node", nameof(ctx));
            }

            int n = g.Nodes;
            int m = g.PerNode;
            int pairs = n > 1 ? Math.Max(1, Math.Min(Math.Min(Math.Max(1, ctx.Group.Channels / 2), m), ctx.Group.MaxChannels)) : 1;
            int[][] parent = new int[2][];
            int[][] depth = new int[2][];
            int[][][] children = new int[2][][];
            int[][] post = new int[2][];
            int[][] pre = new int[2][];
            int height = 0;
            for (int t = 0; t < 2; t++)
            {
                int[] order = [.. Enumerable.Range(0, n).Select(i => (i + t) % n)];
                parent[t] = new int[n];
                depth[t] = new int[n];
                List<int>[] kids = [.. Enumerable.Range(0, n).Select(_ => new List<int>())];
                List<int> postList = [];
                List<int> preList = [];
                BuildInOrder(order, 0, n, -1, parent[t], depth[t], kids, postList, preList, 0, ref height);
                children[t] = [.. kids.Select(k => k.ToArray())];
                post[t] = [.. postList];
                pre[t] = [.. preList];
            }

            // Stage order: chain hops up (position m-1 first), tree levels up (deepest first), tree levels down
            // (depth 1 first), chain hops down (position 1 first).
            int[][] ranks = g.RanksByNode;
            int Rank(int p, int pair, int pos) => ranks[p][(pair + pos) % m];
            List<List<(int, int)>> stages = [];
            for (int pos = m - 1; pos >= 1; pos--)
            {
                stages.Add([.. ChainStreams(pair => Enumerable.Range(0, n).Select(p => (Rank(p, pair, pos), Rank(p, pair, pos - 1))))]);
            }

            for (int d = height; d >= 1; d--)
            {
                int level = d;
                stages.Add([.. TreeStreams(pair => TreeEdges(level).Select(e => (Rank(e.Child, pair, 0), Rank(e.Parent, pair, 0))))]);
            }

            for (int d = 1; d <= height; d++)
            {
                int level = d;
                stages.Add([.. TreeStreams(pair => TreeEdges(level).Select(e => (Rank(e.Parent, pair, 0), Rank(e.Child, pair, 0))))]);
            }

            for (int pos = 1; pos < m; pos++)
            {
                stages.Add([.. ChainStreams(pair => Enumerable.Range(0, n).Select(p => (Rank(p, pair, pos - 1), Rank(p, pair, pos))))]);
            }

            return new Shape
            {
                N = n,
                M = m,
                Pairs = pairs,
                Height = height,
                Parent = parent,
                Children = children,
                PostOrder = post,
                PreOrder = pre,
                ChainClass = m > 1 ? g.ClassOf(g.RanksByNode[0][1], g.RanksByNode[0][0]) : HopClass.NvLink,
                Stages = [.. stages.Select(g.PatternOf)],
                Ranks = g.RanksByNode,
            };

            // Both trees of every channel pair share the pair's chains, each moving its own half of the data.
            IEnumerable<(int, int)> ChainStreams(Func<int, IEnumerable<(int, int)>> ofPair) =>
                Enumerable.Range(0, pairs).SelectMany(pair => Enumerable.Range(0, 2).SelectMany(_ => ofPair(pair)));

            IEnumerable<(int, int)> TreeStreams(Func<int, IEnumerable<(int, int)>> ofPair) =>
                Enumerable.Range(0, pairs).SelectMany(ofPair);

            IEnumerable<(int Child, int Parent)> TreeEdges(int level) =>
                Enumerable.Range(0, 2).SelectMany(t => Enumerable.Range(0, n).Where(p => depth[t][p] == level).Select(p => (p, parent[t][p])));
        }

        private static int BuildInOrder(int[] order, int lo, int hi, int parentNode, int[] parent, int[] depths, List<int>[] kids,
            List<int> post, List<int> pre, int depth, ref int height)
        {
            if (lo >= hi)
            {
                return -1;
            }

            int mid = (lo + hi) / 2;
            int node = order[mid];
            parent[node] = parentNode;
            depths[node] = depth;
            height = Math.Max(height, depth);
            pre.Add(node);
            int left = BuildInOrder(order, lo, mid, node, parent, depths, kids, post, pre, depth + 1, ref height);
            int right = BuildInOrder(order, mid + 1, hi, node, parent, depths, kids, post, pre, depth + 1, ref height);
            if (left >= 0)
            {
                kids[node].Add(left);
            }

            if (right >= 0)
            {
                kids[node].Add(right);
            }

            post.Add(node);
            return node;
        }
    }
}
