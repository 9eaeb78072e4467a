using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Loads an experiment file: a base spec and sweep axes over its fields. Everything that can be wrong with the
/// experiment itself — unknown keys and field paths, empty axes or sweeps, bad ranges, circular bases, more points
/// than <c>max_points</c> — is reported here as a <see cref="SpecException"/>, before any point is resolved or run.
/// </summary>
/// <remarks>
/// <code>
/// name: dp-scaling                  # optional; default: the file name without extension
/// description: …                    # optional
/// base: ../specs/gpt3-1.7b.yaml     # a spec file (relative to this file), another experiment, or an inline spec mapping
/// set: { fidelity: analytical }     # optional fixed overrides by field path, applied to the base
/// mode: product                     # product (default; first axis varies slowest) | zip
/// max_points: 100000                # default 100,000; at most 10,000,000
/// filter: skip-invalid              # none (default) | skip-invalid: skip points that violate a cross-field constraint
/// sweep:                            # at least one axis: field path → list of values, or an integer range
///   cluster.nodes: [1, 2, 4]
///   training.micro_batch: { from: 1, to: 8, step: 1 }
///   cluster.gpus: { from: 8, to: 512, factor: 2 }
/// </code>
/// A base that is itself an experiment contributes its base and its <c>set:</c> (not its sweep); chains are limited
/// to <see cref="SpecLimits.MaxBaseChain"/> files and may not loop.
/// </remarks>
public static class ExperimentLoader
{
    private static readonly string[] s_keys = ["name", "description", "base", "set", "mode", "max_points", "filter", "sweep"];

    private static readonly ChoiceTable<SweepMode> s_modes = new(("product", SweepMode.Product), ("zip", SweepMode.Zip));

    private static readonly ChoiceTable<SweepFilter> s_filters = new(("none", SweepFilter.None), ("skip-invalid", SweepFilter.SkipInvalid));

    /// <summary>Reads and loads an experiment file; a relative base path is resolved against the file's folder.</summary>
    public static Experiment LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SpecDocument doc = SpecDocument.ReadFile(path);
        return Load(doc, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", [Path.GetFullPath(path)], Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Loads experiment text; relative base paths resolve against <paramref name="baseDirectory"/> (the current folder when null).</summary>
    public static Experiment LoadText(string text, string sourceName, string? baseDirectory = null)
    {
        SpecDocument doc = SpecDocument.Parse(text, sourceName);
        string folder = Path.GetFullPath(baseDirectory ?? ".");
        return Load(doc, folder, [Path.Combine(folder, sourceName)], Path.GetFileNameWithoutExtension(sourceName));
    }

    /// <summary>True when a parsed file is an experiment (it has a <c>sweep</c> or <c>base</c> key) rather than a spec.</summary>
    public static bool IsExperiment(SpecDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.Root.Find("sweep") is not null || doc.Root.Find("base") is not null;
    }

    private static Experiment Load(SpecDocument doc, string folder, ImmutableList<string> chain, string defaultName)
    {
        SectionReader root = Read(doc);
        SpecDocument spec = ResolveBase(doc, root, folder, chain);

        SpecNode sweepNode = root.Node("sweep") ?? throw root.Missing("sweep", "at least one axis (field.path: [values])");
        if (sweepNode is not SpecMap sweep)
        {
            throw root.Error("sweep", $"expected a mapping of field paths to values, found {sweepNode.Describe()}", SpecErrorKind.Type);
        }

        int maxPoints = root.Int("max_points", 1, SpecLimits.MaxPoints) ?? SpecLimits.DefaultMaxPoints;
        SweepMode mode = root.Choice("mode", s_modes) ?? SweepMode.Product;
        ImmutableArray<SweepAxis> axes = Axes(sweep, maxPoints);
        CheckCount(axes, mode, maxPoints, sweep);
        return new Experiment
        {
            Name = root.Text("name", 256) ?? (defaultName.Length > 0 ? defaultName : "experiment"),
            Description = root.Text("description", singleLine: false) ?? "",
            Source = doc.Source,
            Base = spec,
            Axes = axes,
            Mode = mode,
            MaxPoints = maxPoints,
            Filter = root.Choice("filter", s_filters) ?? SweepFilter.None,
            SweepPosition = sweep.Position,
        };
    }

    private static SectionReader Read(SpecDocument doc)
    {
        foreach (SpecEntry e in doc.Root.Entries)
        {
            if (!s_keys.Contains(e.Key))
            {
                throw SchemaValidator.UnknownKey("", e.Key, s_keys, e.KeyPosition);
            }
        }

        return new SectionReader(doc.Root, "", doc.Root.Position);
    }

    /// <summary>The base spec of an experiment file, with the <c>set:</c> overrides of every experiment in the chain applied.</summary>
    private static SpecDocument ResolveBase(SpecDocument doc, SectionReader root, string folder, ImmutableList<string> chain)
    {
        SpecNode node = root.Node("base") ?? throw root.Missing("base", "the spec to sweep: a file path or an inline spec mapping");
        SpecDocument spec;
        switch (node)
        {
            case SpecMap inline:
                spec = SpecDocument.FromTree(inline, doc.Source);
                break;
            case SpecScalar { IsNull: false, Value: string relative }:
                spec = LoadBaseFile(relative.Trim(), node.Position, folder, chain);
                break;
            default:
                throw root.Error("base", $"expected a spec file path or an inline spec mapping, found {node.Describe()}", SpecErrorKind.Type);
        }

        SchemaValidator.Check(spec.Root);
        if (root.Node("set") is { } setNode)
        {
            if (setNode is not SpecMap set)
            {
                throw root.Error("set", $"expected a mapping of field paths to values, found {setNode.Describe()}", SpecErrorKind.Type);
            }

            foreach (SpecEntry e in set.Entries)
            {
                ScenarioLoader.CheckFieldPath(e.Key, e.KeyPosition);
                spec = spec.With(e.Key, e.Value);
            }

            SchemaValidator.Check(spec.Root);
        }

        return spec;
    }

    private static SpecDocument LoadBaseFile(string relative, SpecPosition at, string folder, ImmutableList<string> chain)
    {
        if (relative.Length == 0)
        {
            throw new SpecException(SpecErrorKind.Missing, "base", "required: the path is empty", at);
        }

        string full = Path.GetFullPath(Path.Combine(folder, relative));
        if (chain.Contains(full, StringComparer.Ordinal))
        {
            string loop = string.Join(" → ", chain.Append(full).Select(Path.GetFileName));
            throw new SpecException(SpecErrorKind.Sweep, "base", $"circular base reference: {loop}", at);
        }

        if (chain.Count >= SpecLimits.MaxBaseChain)
        {
            throw new SpecException(SpecErrorKind.Sweep, "base", $"more than {SpecLimits.MaxBaseChain} experiments chained through base", at);
        }

        if (!File.Exists(full))
        {
            throw new SpecException(SpecErrorKind.File, "base", $"no such file {SpecText.Quote(relative)} (looked for {full})", at);
        }

        SpecDocument doc = SpecDocument.ReadFile(full, relative);
        if (!IsExperiment(doc))
        {
            return doc;
        }

        SectionReader root = Read(doc);
        return ResolveBase(doc, root, Path.GetDirectoryName(full) ?? folder, chain.Add(full));
    }

    private static ImmutableArray<SweepAxis> Axes(SpecMap sweep, int maxPoints)
    {
        if (sweep.Entries.IsEmpty)
        {
            throw new SpecException(SpecErrorKind.Sweep, "sweep", "is empty; list at least one axis (field.path: [values])", sweep.Position);
        }

        ImmutableArray<SweepAxis>.Builder axes = ImmutableArray.CreateBuilder<SweepAxis>(sweep.Entries.Length);
        foreach (SpecEntry e in sweep.Entries)
        {
            string field = e.Key.Trim();
            ScenarioLoader.CheckFieldPath(field, e.KeyPosition);
            string path = "sweep." + field;
            ImmutableArray<SpecNode> values = e.Value switch
            {
                SpecList list when list.Items.IsEmpty =>
                    throw new SpecException(SpecErrorKind.Sweep, path, "has no values; list at least one", list.Position),
                SpecList list => list.Items,
                SpecMap range => AxisRange.Expand(range, path, maxPoints),
                _ => throw new SpecException(SpecErrorKind.Sweep, path,
                    $"expected a list of values or a range {{from, to, step}}, found {e.Value.Describe()}", e.Value.Position),
            };
            axes.Add(new SweepAxis(field, values, e.KeyPosition));
        }

        return axes.MoveToImmutable();
    }

    private static void CheckCount(ImmutableArray<SweepAxis> axes, SweepMode mode, int maxPoints, SpecMap sweep)
    {
        if (mode == SweepMode.Zip)
        {
            SweepAxis first = axes[0];
            foreach (SweepAxis a in axes)
            {
                if (a.Values.Length != first.Values.Length)
                {
                    throw new SpecException(SpecErrorKind.Sweep, "sweep." + a.Field,
                        $"has {a.Values.Length} values but {first.Field} has {first.Values.Length}; mode zip needs axes of equal length", a.Position);
                }
            }

            return;
        }

        double count = axes.Aggregate(1.0, (n, a) => n * a.Values.Length);
        if (count > maxPoints)
        {
            string product = string.Join(" × ", axes.Select(a => a.Values.Length.ToString(CultureInfo.InvariantCulture)));
            throw new SpecException(SpecErrorKind.Sweep, "sweep",
                $"{product} = {count.ToString("0", CultureInfo.InvariantCulture)} points exceed max_points {maxPoints.ToString(CultureInfo.InvariantCulture)}",
                sweep.Position);
        }
    }
}
