using System.Text.Json;
using System.Text.Json.Serialization;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

using Spectre.Console;

namespace DeepScale.Cli.Commands;

/// <summary><c>deepscale collective</c>: the time and bandwidths of one collective on a catalog system.</summary>
public static class CollectiveCommand
{
    public const string Help = """
        deepscale collective --system ID --gpus N --op OP --bytes SIZE [--algorithm A] [--protocol P] [--fidelity analytical|replay] [--json]

        Predicts one NCCL-style collective on a catalog system: its time, algorithm bandwidth and bus bandwidth
        (busbw as nccl-tests defines it; GB/s = 1e9 bytes/s).

          --system ID      a catalog system (dgx-a100-80gb, dgx-h100, hgx-h200, dgx-b200, dgx-1-v100, ...)
          --gpus N         GPUs taking part; more than one node's worth spans nodes on the scale-out fabric
          --op OP          all-reduce | reduce-scatter | all-gather | all-to-all | broadcast | send-recv
                           (send-recv: GPU 0 to GPU 1; over more GPUs, each sends to the next around the ring)
          --bytes SIZE     message size with a unit: "1 GiB", "64 MiB", "67108864 B"
          --algorithm A    ring | tree | halving-doubling | hierarchical | direct (default: as NCCL would choose)
          --protocol P     simple | ll | ll128 (default: as NCCL would choose)
          --fidelity F     analytical (α-β, default) or replay (event-driven over fair-share links)

        Examples:
          deepscale collective --system dgx-a100-80gb --gpus 8 --op all-reduce --bytes "1 GiB" --json
          deepscale collective --system hgx-h200 --gpus 8 --op all-gather --bytes "256 MiB" --algorithm ring
        """;

    /// <summary>The largest message size accepted, as for the sizes of a collective sweep (its time must stay within
    /// the range of <see cref="Duration"/> on the slowest fabric).</summary>
    private static readonly Bytes MaxMessage = Bytes.FromTiB(1);

    public static int Run(CommandLine cl)
    {
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        string system = cl.Value("--system") ?? throw new UsageException("collective: --system is required");
        int gpus = cl.Int("--gpus", 0, 2, 1 << 20);
        if (gpus == 0)
        {
            throw new UsageException("collective: --gpus is required");
        }

        CollectiveOp op = ParseOp(cl.Value("--op") ?? throw new UsageException("collective: --op is required"));
        Bytes size = ParseBytes(cl.Value("--bytes") ?? throw new UsageException("collective: --bytes is required"));
        string fidelity = cl.Value("--fidelity") ?? "analytical";
        if (fidelity is not ("analytical" or "replay"))
        {
            throw new UsageException($"collective: --fidelity must be analytical or replay, not '{fidelity}'");
        }

        HardwareCatalog catalog = HardwareCatalog.Default;
        SystemSpecCheck(catalog, system);
        int perNode = catalog.System(system).AcceleratorsPerNode;
        if (gpus > perNode && gpus % perNode != 0)
        {
            throw new UsageException($"collective: --gpus {gpus} spans nodes of {system} but is not a multiple of its {perNode} GPUs per node");
        }

        Cluster cluster = ClusterBuilder.Build(new ClusterSpec(system) { Gpus = gpus, GpusPerNode = Math.Min(perNode, gpus) }, catalog);
        DeviceId[] group = [.. cluster.Accelerators.Take(gpus)];
        var request = new CollectiveRequest(op, [.. group], size)
        {
            Algorithm = cl.Value("--algorithm") is { } a ? ParseAlgorithm(a) : null,
            Protocol = cl.Value("--protocol") is { } p ? ParseProtocol(p) : null,
        };
        CollectiveEstimate estimate;
        try
        {
            estimate = fidelity == "replay"
                ? CollectiveReplay.Run(cluster, request).Estimate
                : new CollectiveModel(cluster).Estimate(request);
        }
        catch (ArgumentException ex)
        {
            // The model refuses a request it cannot price (an algorithm that does not implement the operation), as a
            // collective sweep skips such a point: bad input, named by the model's field.
            throw new UsageException($"collective: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal)}");
        }

        var result = new CollectiveResult(Name(op), Name(estimate.Algorithm), gpus, size.Count, estimate.Time.Seconds,
            estimate.AlgorithmBandwidth.GBps, estimate.BusBandwidthValue.GBps, fidelity)
        {
            Protocol = estimate.Protocol.ToString().ToLowerInvariant(),
            System = system,
        };
        if (cl.Has("--json"))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, ResultJson.Options));
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{result.Op} of {size} on {gpus} × {system}"));
        table.AddColumns("algorithm", "protocol", "time", "algbw", "busbw");
        table.AddRow(result.Algorithm, result.Protocol, Markup.Escape(estimate.Time.ToString()), $"{result.AlgbwGbps:F1} GB/s", $"{result.BusbwGbps:F1} GB/s");
        AnsiConsole.Write(table);
        return 0;
    }

    private static void SystemSpecCheck(HardwareCatalog catalog, string system)
    {
        try
        {
            _ = catalog.System(system);
        }
        catch (UnknownCatalogIdException ex)
        {
            throw new UsageException($"collective: --system: {ex.Message}");
        }
    }

    private static Bytes ParseBytes(string text)
    {
        Bytes size;
        try
        {
            size = Bytes.Parse(text);
        }
        catch (UnitFormatException ex)
        {
            throw new UsageException($"collective: --bytes: {ex.Message}");
        }

        return size <= MaxMessage
            ? size
            : throw new UsageException($"collective: --bytes: {size} is larger than {MaxMessage}, the largest message modelled");
    }

    private static CollectiveOp ParseOp(string s) => s switch
    {
        "all-reduce" or "allreduce" => CollectiveOp.AllReduce,
        "reduce-scatter" => CollectiveOp.ReduceScatter,
        "all-gather" or "allgather" => CollectiveOp.AllGather,
        "all-to-all" or "alltoall" => CollectiveOp.AllToAll,
        "broadcast" => CollectiveOp.Broadcast,
        "send-recv" or "sendrecv" => CollectiveOp.SendRecv,
        _ => throw new UsageException($"collective: --op must be all-reduce, reduce-scatter, all-gather, all-to-all, broadcast or send-recv, not '{s}'"),
    };

    private static CollectiveAlgorithm ParseAlgorithm(string s) => s switch
    {
        "ring" => CollectiveAlgorithm.Ring,
        "tree" or "double-binary-tree" => CollectiveAlgorithm.DoubleBinaryTree,
        "halving-doubling" or "recursive-halving-doubling" => CollectiveAlgorithm.RecursiveHalvingDoubling,
        "hierarchical" => CollectiveAlgorithm.Hierarchical,
        "direct" => CollectiveAlgorithm.Direct,
        _ => throw new UsageException($"collective: --algorithm must be ring, tree, halving-doubling, hierarchical or direct, not '{s}'"),
    };

    private static NcclProtocol ParseProtocol(string s) => s switch
    {
        "simple" => NcclProtocol.Simple,
        "ll" => NcclProtocol.LL,
        "ll128" => NcclProtocol.LL128,
        _ => throw new UsageException($"collective: --protocol must be simple, ll or ll128, not '{s}'"),
    };

    private static string Name(CollectiveOp op) => op switch
    {
        CollectiveOp.AllReduce => "all-reduce",
        CollectiveOp.ReduceScatter => "reduce-scatter",
        CollectiveOp.AllGather => "all-gather",
        CollectiveOp.AllToAll => "all-to-all",
        CollectiveOp.Broadcast => "broadcast",
        _ => "send-recv",
    };

    private static string Name(CollectiveAlgorithm a) => a switch
    {
        CollectiveAlgorithm.Ring => "ring",
        CollectiveAlgorithm.DoubleBinaryTree => "tree",
        CollectiveAlgorithm.RecursiveHalvingDoubling => "halving-doubling",
        CollectiveAlgorithm.Hierarchical => "hierarchical",
        _ => "direct",
    };

    /// <summary>The JSON object of the command: keys of the collective contract, plus protocol and system.</summary>
    private sealed record CollectiveResult(
        [property: JsonPropertyName("op")] string Op,
        [property: JsonPropertyName("algorithm")] string Algorithm,
        [property: JsonPropertyName("gpus")] int Gpus,
        [property: JsonPropertyName("bytes")] double Bytes,
        [property: JsonPropertyName("time_s")] double TimeS,
        [property: JsonPropertyName("algbw_gbps")] double AlgbwGbps,
        [property: JsonPropertyName("busbw_gbps")] double BusbwGbps,
        [property: JsonPropertyName("fidelity")] string Fidelity)
    {
        [JsonPropertyName("protocol")]
        public string Protocol { get; init; } = "";

        [JsonPropertyName("system")]
        public string System { get; init; } = "";
    }
}
