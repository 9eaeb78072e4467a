using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Loads a collective experiment file, every mistake a positioned <see cref="SpecException"/> before anything runs:
/// <code>
/// name: collectives
/// collective: { fidelity: analytical }   # marks the file as a collective sweep (the only fidelity for now)
/// sweep:                                  # every key optional except bytes; product, sizes fastest
///   system: [dgx-a100-80gb, hgx-h200]     # catalog systems (default dgx-a100-80gb)
///   gpus: [8, 32]                         # default 8
///   op: [all-reduce]                      # all-reduce | reduce-scatter | all-gather | all-to-all | broadcast | send-recv
///   algorithm: [auto, ring, tree]         # auto (NCCL's choice) | ring | tree | halving-doubling | hierarchical | direct
///   protocol: [auto]                      # auto | simple | ll | ll128
///   bytes: { from: "32 KiB", to: "16 GiB", factor: 2 }   # or a list of sizes with units
/// quick: { sweep: { gpus: [8] } }         # optional reduced form: replaces the axes named
/// overlay:                                # optional measured curves (nccl-tests)
///   - { file: nccl.csv, label: "nccl-tests", system: dgx-a100-80gb, gpus: 8, op: all-reduce,
///       where: { system: "single 8x A100 node (…)", total_ranks: "8" } }
/// </code>
/// </summary>
public static class CollectiveExperimentLoader
{
    private static readonly string[] s_keys = ["name", "description", "collective", "sweep", "quick", "overlay", "max_points"];

    private static readonly string[] s_axes = ["system", "gpus", "op", "algorithm", "protocol", "bytes"];

    private static readonly string[] s_overlayKeys = ["file", "label", "system", "gpus", "op", "where", "bytes_column", "busbw_column"];

    /// <summary>True when a parsed file is a collective experiment (it has a <c>collective</c> key).</summary>
    public static bool IsCollectiveExperiment(SpecDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.Root.Find("collective") is not null;
    }

    /// <summary>Reads and loads a collective experiment file in its full or quick form.</summary>
    public static CollectiveExperiment LoadFile(string path, ExperimentVariant variant = ExperimentVariant.Full, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        SpecDocument doc = SpecDocument.ReadFile(path);
        return Load(doc, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFileNameWithoutExtension(path), variant, catalog ?? HardwareCatalog.Default);
    }

    /// <summary>Loads collective experiment text; overlay files resolve against <paramref name="baseDirectory"/>.</summary>
    public static CollectiveExperiment LoadText(string text, string sourceName, string? baseDirectory = null, ExperimentVariant variant = ExperimentVariant.Full) =>
        Load(SpecDocument.Parse(text, sourceName), Path.GetFullPath(baseDirectory ?? "."), Path.GetFileNameWithoutExtension(sourceName), variant, HardwareCatalog.Default);

    private static CollectiveExperiment Load(SpecDocument doc, string folder, string defaultName, ExperimentVariant variant, HardwareCatalog catalog)
    {
        CheckKeys(doc.Root, "", s_keys);
        var root = new SectionReader(doc.Root, "", doc.Root.Position);
        SectionReader collective = root.Section("collective") ?? throw root.Missing("collective", "the collective settings ({ fidelity: analytical })");
        CheckKeys(collective, ["fidelity"]);
        if (collective.Text("fidelity", 32) is { } fidelity && fidelity != "analytical")
        {
            throw collective.Error("fidelity", $"{SpecText.Quote(fidelity)}: only analytical collective sweeps are available (replay is being wired)", SpecErrorKind.UnknownId);
        }

        SpecMap sweep = Map(root, "sweep") ?? throw root.Missing("sweep", "the axes (system, gpus, op, algorithm, protocol, bytes)");
        CheckKeys(sweep, "sweep", s_axes);
        var axes = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (SpecEntry e in sweep.Entries)
        {
            axes[e.Key] = e.Value;
        }

        if (root.Section("quick") is { } quick)
        {
            CheckKeys(quick, ["sweep"]);
            SpecMap? quickSweep = Map(quick, "sweep");
            if (quickSweep is not null)
            {
                CheckKeys(quickSweep, "quick.sweep", s_axes);
                if (variant == ExperimentVariant.Quick)
                {
                    foreach (SpecEntry e in quickSweep.Entries)
                    {
                        axes[e.Key] = e.Value;
                    }
                }
            }
        }

        int maxPoints = root.Int("max_points", 1, SpecLimits.MaxPoints) ?? SpecLimits.DefaultMaxPoints;
        var experiment = new CollectiveExperiment
        {
            Name = root.Text("name", 256) ?? defaultName,
            Description = root.Text("description", singleLine: false) ?? "",
            Source = doc.Source,
            Systems = Texts(axes, "system", ["dgx-a100-80gb"], s => _ = catalog.System(s)),
            Gpus = [.. Texts(axes, "gpus", ["8"], null).Select((t, i) => ParseGpus(t, axes["gpus"], i))],
            Ops = [.. Texts(axes, "op", ["all-reduce"], null).Select((t, i) => CollectiveNames.TryOp(t, out CollectiveOp op) ? op : throw Bad(axes, "op", i, t, CollectiveNames.Ops))],
            Algorithms = [.. Texts(axes, "algorithm", [CollectiveNames.Auto], null).Select((t, i) => CollectiveNames.TryAlgorithm(t, out CollectiveAlgorithm? a) ? a : throw Bad(axes, "algorithm", i, t, CollectiveNames.Algorithms))],
            Protocols = [.. Texts(axes, "protocol", [CollectiveNames.Auto], null).Select((t, i) => CollectiveNames.TryProtocol(t, out NcclProtocol? p) ? p : throw Bad(axes, "protocol", i, t, CollectiveNames.Protocols))],
            Sizes = Sizes(axes.TryGetValue("bytes", out SpecNode? b) ? b : throw root.Missing("sweep.bytes", "the message sizes")),
            Overlays = Overlays(root, folder),
            Folder = folder,
            Variant = variant,
        };
        if (experiment.PointCount > maxPoints)
        {
            throw new SpecException(SpecErrorKind.Sweep, "sweep", $"{experiment.PointCount.ToString(CultureInfo.InvariantCulture)} points exceed max_points {maxPoints.ToString(CultureInfo.InvariantCulture)}", sweep.Position);
        }

        return experiment;
    }

    private static SpecMap? Map(SectionReader section, string key) => section.Node(key) switch
    {
        null => null,
        SpecMap m => m,
        SpecNode n => throw section.Error(key, $"expected a mapping, found {n.Describe()}", SpecErrorKind.Type),
    };

    private static void CheckKeys(SpecMap map, string path, string[] valid)
    {
        foreach (SpecEntry e in map.Entries)
        {
            if (!valid.Contains(e.Key))
            {
                throw SchemaValidator.UnknownKey(path, e.Key, valid, e.KeyPosition);
            }
        }
    }

    private static void CheckKeys(SectionReader section, string[] valid)
    {
        foreach (string key in section.Keys)
        {
            if (!valid.Contains(key))
            {
                throw SchemaValidator.UnknownKey(section.Path, key, valid, section.Node(key)?.Position ?? section.Position);
            }
        }
    }

    /// <summary>The scalar values of an axis (a list, or one scalar), each checked by <paramref name="check"/>.</summary>
    private static ImmutableArray<string> Texts(Dictionary<string, SpecNode> axes, string axis, string[] fallback, Action<string>? check)
    {
        if (!axes.TryGetValue(axis, out SpecNode? node))
        {
            return [.. fallback];
        }

        SpecNode[] items = node is SpecList list ? [.. list.Items] : [node];
        if (items.Length == 0)
        {
            throw new SpecException(SpecErrorKind.Sweep, "sweep." + axis, "has no values; list at least one", node.Position);
        }

        var values = ImmutableArray.CreateBuilder<string>(items.Length);
        foreach (SpecNode item in items)
        {
            if (item is not SpecScalar { IsNull: false, Value: string text })
            {
                throw new SpecException(SpecErrorKind.Type, "sweep." + axis, $"expected a value, found {item.Describe()}", item.Position);
            }

            try
            {
                check?.Invoke(text.Trim());
            }
            catch (UnknownCatalogIdException ex)
            {
                throw new SpecException(SpecErrorKind.UnknownId, "sweep." + axis, ex.Message, item.Position);
            }

            values.Add(text.Trim());
        }

        return values.MoveToImmutable();
    }

    private static int ParseGpus(string text, SpecNode axis, int index)
    {
        SpecPosition at = axis is SpecList l ? l.Items[index].Position : axis.Position;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 2 and <= SpecLimits.MaxGpus
            ? n
            : throw new SpecException(SpecErrorKind.Value, "sweep.gpus", $"{SpecText.Quote(text)} must be an integer in [2, {SpecLimits.MaxGpus}]", at);
    }

    private static SpecException Bad(Dictionary<string, SpecNode> axes, string axis, int index, string text, IEnumerable<string> valid)
    {
        SpecNode node = axes[axis];
        SpecPosition at = node is SpecList l ? l.Items[index].Position : node.Position;
        return new SpecException(SpecErrorKind.UnknownId, "sweep." + axis, $"unknown value {SpecText.Quote(text)}; expected {SpecText.OrList([.. valid])}", at);
    }

    private static ImmutableArray<Bytes> Sizes(SpecNode node)
    {
        const string Path = "sweep.bytes";
        if (node is SpecMap range)
        {
            CheckKeys(range, Path, ["from", "to", "factor"]);
            var r = new SectionReader(range, Path, range.Position);
            Bytes max = Bytes.FromTiB(1);
            Bytes from = r.Size("from", max) ?? throw r.Missing("from", "the smallest size, e.g. \"32 KiB\"");
            Bytes to = r.Size("to", max) ?? throw r.Missing("to", "the largest size, e.g. \"16 GiB\"");
            int factor = r.Int("factor", 2, 1024) ?? 2;
            if (to < from)
            {
                throw r.Error("to", $"{to} is below from {from}", SpecErrorKind.Sweep);
            }

            List<Bytes> sizes = [];
            for (Bytes s = from; s <= to * (1 + 1e-12); s *= factor)
            {
                sizes.Add(s);
            }

            return [.. sizes];
        }

        SpecNode[] items = node is SpecList list ? [.. list.Items] : [node];
        if (items.Length == 0)
        {
            throw new SpecException(SpecErrorKind.Sweep, Path, "has no values; list at least one", node.Position);
        }

        var result = ImmutableArray.CreateBuilder<Bytes>(items.Length);
        foreach (SpecNode item in items)
        {
            if (item is not SpecScalar { IsNull: false, Value: string text })
            {
                throw new SpecException(SpecErrorKind.Type, Path, $"expected a size such as \"1 MiB\", found {item.Describe()}", item.Position);
            }

            try
            {
                Bytes b = Bytes.Parse(text);
                result.Add(b.Count > 0 ? b : throw new SpecException(SpecErrorKind.Value, Path, $"{SpecText.Quote(text)} must be positive", item.Position));
            }
            catch (UnitFormatException ex)
            {
                throw new SpecException(SpecErrorKind.Type, Path, ex.Message, item.Position);
            }
        }

        return result.MoveToImmutable();
    }

    private static ImmutableArray<CollectiveOverlay> Overlays(SectionReader root, string folder)
    {
        if (root.Node("overlay") is not { } node)
        {
            return [];
        }

        if (node is not SpecList list)
        {
            throw root.Error("overlay", $"expected a list of overlays, found {node.Describe()}", SpecErrorKind.Type);
        }

        var overlays = ImmutableArray.CreateBuilder<CollectiveOverlay>(list.Items.Length);
        for (int i = 0; i < list.Items.Length; i++)
        {
            string path = SpecPath.Item("overlay", i);
            if (list.Items[i] is not SpecMap item)
            {
                throw new SpecException(SpecErrorKind.Type, path, $"expected a mapping, found {list.Items[i].Describe()}", list.Items[i].Position);
            }

            CheckKeys(item, path, s_overlayKeys);
            var r = new SectionReader(item, path, item.Position);
            string file = r.Text("file", 1024) ?? throw r.Missing("file", "the CSV file of measurements, relative to the experiment file");
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw r.Error("file", $"no such file {SpecText.Quote(file)} (looked in {folder})", SpecErrorKind.File);
            }

            string op = r.Text("op", 32) ?? "all-reduce";
            if (!CollectiveNames.TryOp(op, out _))
            {
                throw r.Error("op", $"unknown value {SpecText.Quote(op)}; expected {SpecText.OrList([.. CollectiveNames.Ops])}", SpecErrorKind.UnknownId);
            }

            SpecMap where = Map(r, "where") ?? new SpecMap([], item.Position);
            overlays.Add(new CollectiveOverlay
            {
                File = file,
                Label = r.Text("label", 256) ?? throw r.Missing("label", "the legend label of the measured curve"),
                System = r.Text("system", 256) ?? throw r.Missing("system", "the catalog system whose figure the curve joins"),
                Gpus = r.Int("gpus", 2, SpecLimits.MaxGpus) ?? throw r.Missing("gpus", "the GPU count whose figure the curve joins"),
                Op = op,
                Where = [.. where.Entries.Select(e => new OverlayCondition
                {
                    Column = e.Key,
                    Value = e.Value is SpecScalar { Value: string v } ? v : throw new SpecException(SpecErrorKind.Type, path + ".where." + e.Key, $"expected a value, found {e.Value.Describe()}", e.Value.Position),
                })],
                BytesColumn = r.Text("bytes_column", 256) ?? "payload_bytes",
                BusbwColumn = r.Text("busbw_column", 256) ?? "busbw_GBps",
            });
        }

        return overlays.MoveToImmutable();
    }
}
