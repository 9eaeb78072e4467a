using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// nccl-tests all-reduce bus bandwidth inside one node (shared/refdata/nccl_allreduce_busbw.csv): the 8 × A100
/// sweep from 32 KiB to 16 GiB (dgx-a100-80gb) and the 8 × H200 rows measured with NVLink SHARP disabled
/// (<c>NCCL_NVLS_ENABLE=0</c>, ring; hgx-h200 with 4 to 8 GPUs), predicted by the analytical collective model
/// (algorithm and protocol chosen as NCCL would). The model has no NVLS, so rows with NVLS on are not compared.
/// Target (DeepScale's accuracy goal): within 10% at ≥ 64 MiB, taken here as every such row within 10%.
/// </summary>
public sealed class NcclBusBandwidthSuite : IValidationSuite
{
    public const string FileName = "nccl_allreduce_busbw.csv";

    /// <summary>Smallest message in the target's scope.</summary>
    public static readonly Bytes ScoredFrom = Bytes.FromMiB(64);

    /// <summary>DeepScale's accuracy goal for NCCL collectives, shared by the suites that compare them.</summary>
    public static readonly ValidationTarget Goal = new(10, 10, "DeepScale's accuracy goal for NCCL: busbw within 10% at ≥ 64 MiB (every such row)");

    public string Name => "nccl-busbw";

    public string Title => "nccl-tests all-reduce bus bandwidth, 8 × A100 sweep and 8 × H200 with NVLS off (stas00, ML Engineering)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["system", "gpu", "ranks", "algorithm_published", "payload_bytes", "payload_label", "catalog_system", "scored"];

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        HardwareCatalog catalog = options.CatalogOrDefault;
        var rows = new SuiteRows();
        var models = new Dictionary<(string System, int Ranks), CollectiveModel>();
        foreach (CsvRow row in table.Rows)
        {
            string? system = CatalogSystemOf(row);
            if (system is null)
            {
                rows.Skip($"{row["gpu"].Split(' ')[0]} ×{row["total_ranks"]} {row["collective"]} {row["payload_label"]}".Trim(),
                    OutOfScope(row));
                continue;
            }

            int ranks = MegatronTable1Suite.Int(row, "total_ranks");
            var size = new Bytes(MegatronTable1Suite.Required(row, "payload_bytes"));
            double published = MegatronTable1Suite.Required(row, "busbw_GBps");
            bool scored = size >= ScoredFrom;
            string label = $"{(system == "dgx-a100-80gb" ? "A100" : "H200")} ×{ranks} {row["payload_label"]}";
            rows.Compare(label, () =>
            {
                if (!models.TryGetValue((system, ranks), out CollectiveModel? model))
                {
                    Cluster cluster = ClusterBuilder.Build(new ClusterSpec(system) { Gpus = ranks, GpusPerNode = ranks }, catalog);
                    model = new CollectiveModel(cluster);
                    models[(system, ranks)] = model;
                }

                ImmutableArray<DeviceId> group = [.. model.Cluster.Accelerators.Take(ranks)];
                CollectiveEstimate estimate = model.Estimate(new CollectiveRequest(CollectiveOp.AllReduce, group, size));
                ImmutableArray<string> inputs =
                [
                    row["system"], row["gpu"], ValidationText.Integer(ranks), row["algorithm"], row["payload_bytes"],
                    row["payload_label"], system, scored ? "yes" : "no",
                ];
                return new ValidationRow(label, inputs, estimate.BusBandwidthValue.GBps, published) { Scored = scored };
            });
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "all-reduce bus bandwidth (GB/s)",
            Fidelity = options.Fidelity,
            Target = Goal with { Guard = (7, 27) },
            Scope = "rows with a message of at least 64 MiB",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings =
            [
                "8 × A100 sweep on one dgx-a100-80gb node (the A100 memory size is not stated; it does not enter the collective model)",
                "H200 NVLS-off rows on one hgx-h200 node using as many GPUs as the row's ranks",
                "algorithm and protocol left to the model's NCCL choice (ring/tree × LL/LL128/Simple); the analytical collective model at every fidelity",
            ],
            CalibrationSummary = "NVLink rates: NCCL topo.h per-link bandwidth (SM80, SM90); latencies and protocols: NCCL tuning.cc; fitted to these sweeps: nothing",
            Calibration =
            [
                .. LinkLines(catalog, "dgx-a100-80gb"),
                .. LinkLines(catalog, "hgx-h200"),
                "latencies and protocol efficiencies: NCCL's tuning model (NVIDIA/nccl src/graph/tuning.cc)",
                "nothing was fitted to these sweeps",
            ],
        };
    }

    /// <summary>The catalog system a row is compared on, or null when the suite does not compare it.</summary>
    public static string? CatalogSystemOf(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row["collective"] != "all_reduce" || row["num_nodes"] != "1" || !row.Has("payload_bytes"))
        {
            return null;
        }

        if (row["system"].StartsWith("single 8x A100 node (NVLink 3", StringComparison.Ordinal))
        {
            return "dgx-a100-80gb";
        }

        return row["gpu"].StartsWith("H200", StringComparison.Ordinal) && row["algorithm"].Contains("NCCL_NVLS_ENABLE=0", StringComparison.Ordinal)
            ? "hgx-h200"
            : null;
    }

    /// <summary>Why a row outside the suite is not compared.</summary>
    public static string OutOfScope(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row["collective"] != "all_reduce")
        {
            return "not an all-reduce (the suite compares all-reduce bus bandwidth)";
        }

        if (!row.Has("payload_bytes"))
        {
            return "a statement without a message size";
        }

        if (row["num_nodes"] != "1")
        {
            return "multi-node over EFA: outside the suite (the suite covers one NVSwitch node)";
        }

        if (row["algorithm"].Contains("NVLS", StringComparison.Ordinal) && !row["algorithm"].Contains("NVLS_ENABLE=0", StringComparison.Ordinal))
        {
            return "NVLink SHARP (NVLS) on: the collective model has no in-switch reduction";
        }

        return "outside the suite's two sweeps (8 × A100, 8 × H200 with NVLS off): B200 and MI300X rows, and the H200 ring-by-default row at 4 GPUs";
    }

    /// <summary>The calibration line of a system's scale-up link: its rate's achievable fraction and where it comes from.</summary>
    internal static IEnumerable<string> LinkLines(HardwareCatalog catalog, string systemId)
    {
        LinkSpec link = catalog.Link(catalog.System(systemId).ScaleUpLinkId);
        yield return FormattableString.Invariant(
            $"{systemId} scale-up {link.Id}: {link.AchievableFraction * 100:0.#}% of the per-direction spec ({link.AchievableSource})");
    }
}
