using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Double binary tree all-reduce (Sanders, Speck and Träff 2009, as NCCL 2.4+ builds it): inside each node a chain
/// ends at a head rank; the heads form two binary trees over the nodes, the second over the node order shifted by
/// one so most inner nodes of one are leaves of the other. Each tree carries half of each channel's data, pipelined
/// in q chunks: reduce up the chain and the tree, broadcast down the tree and the chain. Channels (one per NIC rail,
/// up to the ranks per node) each use their own head. With τ = α + chunk / (ρ·η) per hop class,
/// T = start + 2(m-1)·τ_chain + 2H·τ_tree + (q-1)·max τ (H: tree height, m: ranks per node).
/// </summary>
internal static class TreeAlgorithm
{
    public static AlgorithmCost Cost(AlgorithmContext ctx)
    {
        Shape s = Shape.Of(ctx);
        double eta = ctx.Protocol.Efficiency(ctx.Group.RingBandwidth);
        double chunk = ctx.S / (2.0 * s.Pairs) / s.Chunks;
        double tauChain = s.M > 1 ? ctx.Protocol.Hop(s.ChainClass).Seconds + AlgorithmContext.Seconds(chunk, s.ChainRate, eta) : 0;
        double tauTree = s.Height > 0 ? ctx.Protocol.Hop(HopClass.Network).Seconds + AlgorithmContext.Seconds(chunk, s.TreeRate, eta) : 0;
        double seconds = (2 * (s.M - 1) * tauChain) + (2 * s.Height * tauTree) + ((s.Chunks - 1) * Math.Max(tauChain, tauTree));
        Duration start = ctx.Protocol.StartDelay;
        double alphaSeconds = (2 * (s.M - 1) * (s.M > 1 ? ctx.Protocol.Hop(s.ChainClass).Seconds : 0))
            + (2 * s.Height * (s.Height > 0 ? ctx.Protocol.Hop(HopClass.Network).Seconds : 0));
        ByteRate bw = ctx.S <= 0 || seconds <= 0 ? ByteRate.Zero : new ByteRate(2 * ctx.S / seconds);
        return new AlgorithmCost(start + Duration.FromSeconds(seconds), start + Duration.FromSeconds(alphaSeconds), bw, s.Chunks, eta);
    }

    public static void Build(AlgorithmContext ctx, PlanBuilder plan)
    {
        Shape s = Shape.Of(ctx);
        GroupProfile g = ctx.Group;
        Bytes chunk = new(ctx.S / (2.0 * s.Pairs) / s.Chunks);
        Duration aChain = s.M > 1 ? ctx.Protocol.Hop(s.ChainClass) : Duration.Zero;
        Duration aTree = ctx.Protocol.Hop(HopClass.Network);
        Dictionary<(int Pair, int Tree, int Kind, int Node, int Pos), int> last = [];
        List<int> deps = new(5);
        for (int j = 0; j < s.Chunks; j++)
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

    /// <summary>The trees, chains and rates of a group.</summary>
    private sealed class Shape
    {
        public int N { get; private init; }

        public int M { get; private init; }

        public int Pairs { get; private init; }

        public int Chunks { get; private init; }

        public int Height { get; private init; }

        public int[][] Parent { get; private init; } = [];

        public int[][][] Children { get; private init; } = [];

        public int[][] PostOrder { get; private init; } = [];

        public int[][] PreOrder { get; private init; } = [];

        public HopClass ChainClass { get; private init; }

        public ByteRate ChainRate { get; private init; }

        public ByteRate TreeRate { get; private init; }

        private int[][] Ranks { get; init; } = [];

        /// <summary>Rank at chain position <paramref name="pos"/> of node <paramref name="p"/> for channel pair <paramref name="pair"/> (position 0 is the head).</summary>
        public int Rank(int p, int pair, int pos) => Ranks[p][(pair + pos) % M];

        public static Shape Of(AlgorithmContext ctx) =>
            ctx.Group.Memo($"tree:{Math.Round(ctx.S)}", () => Compute(ctx));

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
            int[][][] children = new int[2][][];
            int[][] post = new int[2][];
            int[][] pre = new int[2][];
            int height = 0;
            for (int t = 0; t < 2; t++)
            {
                int[] order = [.. Enumerable.Range(0, n).Select(i => (i + t) % n)];
                parent[t] = new int[n];
                List<int>[] kids = [.. Enumerable.Range(0, n).Select(_ => new List<int>())];
                List<int> postList = [];
                List<int> preList = [];
                int root = BuildInOrder(order, 0, n, -1, parent[t], kids, postList, preList, 0, ref height);
                _ = root;
                children[t] = [.. kids.Select(k => k.ToArray())];
                post[t] = [.. postList];
                pre[t] = [.. preList];
            }

            List<(int, int)> chainFlows = [];
            List<(int, int)> treeFlows = [];
            for (int pair = 0; pair < pairs; pair++)
            {
                for (int p = 0; p < n; p++)
                {
                    for (int pos = 1; pos < m; pos++)
                    {
                        int a = g.RanksByNode[p][(pair + pos) % m];
                        int b = g.RanksByNode[p][(pair + pos - 1) % m];
                        chainFlows.Add((a, b));
                        chainFlows.Add((b, a));
                    }

                    for (int t = 0; t < 2; t++)
                    {
                        if (parent[t][p] >= 0)
                        {
                            int a = g.RanksByNode[p][pair % m];
                            int b = g.RanksByNode[parent[t][p]][pair % m];
                            treeFlows.Add((a, b));
                            treeFlows.Add((b, a));
                        }
                    }
                }
            }

            // Both trees of a pair and both directions run at once; each tree's chain carries its own chunks.
            return new Shape
            {
                N = n,
                M = m,
                Pairs = pairs,
                Chunks = AlgorithmContext.ChunksFor(ctx.S / (2.0 * pairs)),
                Height = height,
                Parent = parent,
                Children = children,
                PostOrder = post,
                PreOrder = pre,
                ChainClass = m > 1 ? g.ClassOf(g.RanksByNode[0][1], g.RanksByNode[0][0]) : HopClass.NvLink,
                ChainRate = m > 1 ? g.RateOf(chainFlows.Concat(chainFlows)) : ByteRate.Zero,
                TreeRate = n > 1 ? g.RateOf(treeFlows) : ByteRate.Zero,
                Ranks = g.RanksByNode,
            };
        }

        private static int BuildInOrder(int[] order, int lo, int hi, int parentNode, int[] parent, List<int>[] kids,
            List<int> post, List<int> pre, int depth, ref int height)
        {
            if (lo >= hi)
            {
                return -1;
            }

            int mid = (lo + hi) / 2;
            int node = order[mid];
            parent[node] = parentNode;
            height = Math.Max(height, depth);
            pre.Add(node);
            int left = BuildInOrder(order, lo, mid, node, parent, kids, post, pre, depth + 1, ref height);
            int right = BuildInOrder(order, mid + 1, hi, node, parent, kids, post, pre, depth + 1, ref height);
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
