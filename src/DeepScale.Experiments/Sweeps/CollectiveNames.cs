using DeepScale.Hardware.Collectives;

namespace DeepScale.Experiments.Sweeps;

/// <summary>The spellings of collective operations, algorithms and protocols, as <c>deepscale collective</c> takes them.</summary>
public static class CollectiveNames
{
    private static readonly (string Name, CollectiveOp Value)[] s_ops =
    [
        ("all-reduce", CollectiveOp.AllReduce), ("reduce-scatter", CollectiveOp.ReduceScatter), ("all-gather", CollectiveOp.AllGather),
        ("all-to-all", CollectiveOp.AllToAll), ("broadcast", CollectiveOp.Broadcast), ("send-recv", CollectiveOp.SendRecv),
    ];

    private static readonly (string Name, CollectiveAlgorithm Value)[] s_algorithms =
    [
        ("ring", CollectiveAlgorithm.Ring), ("tree", CollectiveAlgorithm.DoubleBinaryTree), ("halving-doubling", CollectiveAlgorithm.RecursiveHalvingDoubling),
        ("hierarchical", CollectiveAlgorithm.Hierarchical), ("direct", CollectiveAlgorithm.Direct),
    ];

    private static readonly (string Name, NcclProtocol Value)[] s_protocols =
    [
        ("simple", NcclProtocol.Simple), ("ll", NcclProtocol.LL), ("ll128", NcclProtocol.LL128),
    ];

    /// <summary>What stands for the library's own choice of algorithm or protocol.</summary>
    public const string Auto = "auto";

    public static IEnumerable<string> Ops => s_ops.Select(o => o.Name);

    public static IEnumerable<string> Algorithms => s_algorithms.Select(a => a.Name).Prepend(Auto);

    public static IEnumerable<string> Protocols => s_protocols.Select(p => p.Name).Prepend(Auto);

    public static string Of(CollectiveOp op) => s_ops.First(o => o.Value == op).Name;

    public static string Of(CollectiveAlgorithm? algorithm) => algorithm is { } a ? s_algorithms.First(x => x.Value == a).Name : Auto;

    public static string Of(NcclProtocol? protocol) => protocol is { } p ? s_protocols.First(x => x.Value == p).Name : Auto;

    public static bool TryOp(string text, out CollectiveOp op)
    {
        int i = Array.FindIndex(s_ops, o => o.Name == text.Trim().ToLowerInvariant());
        op = i >= 0 ? s_ops[i].Value : default;
        return i >= 0;
    }

    public static bool TryAlgorithm(string text, out CollectiveAlgorithm? algorithm)
    {
        string t = text.Trim().ToLowerInvariant();
        int i = Array.FindIndex(s_algorithms, a => a.Name == t);
        algorithm = i >= 0 ? s_algorithms[i].Value : null;
        return i >= 0 || t == Auto;
    }

    public static bool TryProtocol(string text, out NcclProtocol? protocol)
    {
        string t = text.Trim().ToLowerInvariant();
        int i = Array.FindIndex(s_protocols, p => p.Name == t);
        protocol = i >= 0 ? s_protocols[i].Value : null;
        return i >= 0 || t == Auto;
    }
}
