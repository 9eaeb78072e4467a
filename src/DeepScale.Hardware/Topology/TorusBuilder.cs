using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Wires TPU chips on a 3D torus of ICI links (a 2D torus is the shape x × y × 1). Chip rank r sits at
/// x = r mod X, y = (r / X) mod Y, z = r / (X·Y); each chip links to its ±1 neighbours in every dimension, with
/// wrap-around when the dimension has at least 3 chips (in a dimension of 2 the two neighbours coincide and the two
/// links are merged into one of twice the capacity). Each ICI link carries the interconnect's per-link one-way rate.
/// </summary>
internal static class TorusBuilder
{
    public static ImmutableArray<int> Wire(TopologyGraphBuilder g, NodeSpec node, ImmutableArray<DeviceId> chips, ImmutableArray<int>? asked, IReadOnlyList<int> preset)
    {
        int total = chips.Length;
        int[] shape = asked is { } a ? [.. a]
            : preset.Count == 3 && preset[0] * preset[1] * preset[2] == total ? [.. preset]
            : NearCube(total, preset.Count == 3 && preset[2] == 1);
        if (shape.Length != 3 || shape.Any(d => d < 1))
        {
            throw new TopologyException("cluster.torus_shape", $"[{string.Join(", ", shape)}] must be three positive sizes (x, y, z)");
        }

        if (shape[0] * shape[1] * shape[2] != total)
        {
            throw new TopologyException("cluster.torus_shape", $"{shape[0]}x{shape[1]}x{shape[2]} = {shape[0] * shape[1] * shape[2]} chips but the cluster has {total}");
        }

        LinkSpec link = node.ScaleUpLink ?? throw new TopologyException("cluster.system", $"{node.Name} has no ICI link");
        ByteRate perLink = link.PerLinkPerDirection;
        string source = $"{link.Id} {perLink} per link one way x {link.AchievableFraction:0.###} ({link.AchievableSource})";
        for (int r = 0; r < total; r++)
        {
            int x = r % shape[0];
            int y = (r / shape[0]) % shape[1];
            int z = r / (shape[0] * shape[1]);
            int[] c = [x, y, z];
            for (int d = 0; d < 3; d++)
            {
                int size = shape[d];
                if (size < 2)
                {
                    continue;
                }

                int next = c[d] + 1;
                if (next == size)
                {
                    if (size < 3)
                    {
                        continue;
                    }

                    next = 0;
                }

                int[] nc = [.. c];
                nc[d] = next;
                int peer = nc[0] + (shape[0] * (nc[1] + (shape[1] * nc[2])));
                ByteRate spec = size == 2 ? perLink * 2 : perLink;
                g.AddDuplex(chips[r], chips[peer], LinkKind.Ici, spec * link.AchievableFraction, spec, HopLatency.DirectLink, source);
            }
        }

        return [.. shape];
    }

    /// <summary>Factors <paramref name="n"/> into three sizes as close to a cube as possible (two when <paramref name="flat"/>).</summary>
    internal static int[] NearCube(int n, bool flat)
    {
        int[] best = [n, 1, 1];
        double bestScore = double.MaxValue;
        for (int x = 1; x <= n; x++)
        {
            if (n % x != 0)
            {
                continue;
            }

            for (int y = 1; y <= n / x; y++)
            {
                if ((n / x) % y != 0)
                {
                    continue;
                }

                int z = n / x / y;
                if (flat && z != 1)
                {
                    continue;
                }

                double score = Math.Max(x, Math.Max(y, z)) - (double)Math.Min(x, Math.Min(y, flat ? x : z));
                if (score < bestScore)
                {
                    bestScore = score;
                    best = [x, y, z];
                }
            }
        }

        return best;
    }
}
