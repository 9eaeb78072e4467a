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
///   scale:                          # an axis group (any name): its axes advance together, like a zip inside the product
///     cluster.nodes: [1, 1, 2]
///     cluster.gpus_per_node: [4, 8, 8]
/// quick:                            # optional: the reduced form (ExperimentVariant.Quick)
///   sweep: { cluster.nodes: [1, 4] }  # replaces the values of these axes (a group by its name)
///   set: { iterations: 1 }          # more overrides
/// report:                           # optional: what the report derives (ReportSettings)
///   epochs: 30                      # time to train 30 epochs of report.samples (default: data.samples)
///   token_budget: 300000000000      # time and cost to train on this many tokens
///   timeline: true                  # per-rank timeline of one iteration of the best configuration
///   reference: { file: published.csv, key: gpus, key_column: num_gpus, metric: hardware_tflops_per_gpu,
///                column: achieved_tflops_per_gpu, quantity: "TFLOP/s per GPU" }
/// </code>
/// A base that is itself an experiment contributes its base and its <c>set:</c> (not its sweep, quick form or
/// report); chains are limited to <see cref="SpecLimits.MaxBaseChain"/> files and may not loop.
/// </remarks>
public static class ExperimentLoader
{
    private static readonly string[] s_keys = ["name", "description", "base", "set", "mode", "max_points", "filter", "sweep", "quick", "report"];

    private static readonly string[] s_quickKeys = ["sweep", "set"];

    private static readonly ChoiceTable<SweepMode> s_modes = new(("product", SweepMode.Product), ("zip", SweepMode.Zip));

    private static readonly ChoiceTable<SweepFilter> s_filters = new(("none", SweepFilter.None), ("skip-invalid", SweepFilter.SkipInvalid));

    /// <summary>Reads and loads an experiment file; a relative base path is resolved against the file's folder.</summary>
    public static Experiment LoadFile(string path) => LoadFile(path, ExperimentVariant.Full);

    /// <summary>Reads and loads an experiment file in its full or quick form.</summary>
    public static Experiment LoadFile(string path, ExperimentVariant variant)
    {
        ArgumentNullException.ThrowIfNull(path);
        SpecDocument doc = SpecDocument.ReadFile(path);
        return Load(doc, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", [Path.GetFullPath(path)], Path.GetFileNameWithoutExtension(path), variant);
    }

    /// <summary>Loads experiment text; relative base paths resolve against <paramref name="baseDirectory"/> (the current folder when null).</summary>
    public static Experiment LoadText(string text, string sourceName, string? baseDirectory = null) =>
        LoadText(text, sourceName, baseDirectory, ExperimentVariant.Full);

    /// <summary>Loads experiment text in its full or quick form.</summary>
    public static Experiment LoadText(string text, string sourceName, string? baseDirectory, ExperimentVariant variant)
    {
        SpecDocument doc = SpecDocument.Parse(text, sourceName);
        string folder = Path.GetFullPath(baseDirectory ?? ".");
        return Load(doc, folder, [Path.Combine(folder, sourceName)], Path.GetFileNameWithoutExtension(sourceName), variant);
    }

    /// <summary>True when a parsed file is an experiment (it has a <c>sweep</c> or <c>base</c> key) rather than a spec.</summary>
    public static bool IsExperiment(SpecDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.Root.Find("sweep") is not null || doc.Root.Find("base") is not null;
    }

    private static Experiment Load(SpecDocument doc, string folder, ImmutableList<string> chain, string defaultName, ExperimentVariant variant)
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
        ImmutableArray<SweepAxis> axes = Axes(sweep, maxPoints, "sweep");
        CheckCount(axes, mode, maxPoints, sweep);
        (SpecDocument quickSpec, ImmutableArray<SweepAxis> quickAxes) = Quick(root, spec, axes, mode, maxPoints);
        if (variant == ExperimentVariant.Quick)
        {
            spec = quickSpec;
            axes = quickAxes;
        }

        ReportSettings report = root.Section("report") is { } r ? ReportSettingsReader.Read(r, folder) : ReportSettings.None;
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
            Variant = variant,
            Report = report,
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
        return ApplySet(spec, root, "set");
    }

    /// <summary>Applies the overrides of a <c>set:</c> mapping (field path → value) and checks the result's schema.</summary>
    private static SpecDocument ApplySet(SpecDocument spec, SectionReader section, string key)
    {
        if (section.Node(key) is not { } setNode)
        {
            return spec;
        }

        if (setNode is not SpecMap set)
        {
            throw section.Error(key, $"expected a mapping of field paths to values, found {setNode.Describe()}", SpecErrorKind.Type);
        }

        foreach (SpecEntry e in set.Entries)
        {
            ScenarioLoader.CheckFieldPath(e.Key, e.KeyPosition);
            spec = spec.With(e.Key, e.Value);
        }

        SchemaValidator.Check(spec.Root);
        return spec;
    }

    /// <summary>
    /// The quick form's spec and axes: <c>quick.set</c> applied, and each axis (or group) named under
    /// <c>quick.sweep</c> given its quick values. Checked whichever form is loaded, so a mistake in the quick form
    /// shows up in the full one too.
    /// </summary>
    private static (SpecDocument Spec, ImmutableArray<SweepAxis> Axes) Quick(SectionReader root, SpecDocument spec, ImmutableArray<SweepAxis> axes, SweepMode mode, int maxPoints)
    {
        SectionReader? quick = root.Section("quick");
        if (quick is null)
        {
            return (spec, axes);
        }

        foreach (string key in quick.Keys)
        {
            if (!s_quickKeys.Contains(key))
            {
                throw SchemaValidator.UnknownKey("quick", key, s_quickKeys, quick.Position);
            }
        }

        SpecDocument quickSpec = ApplySet(spec, quick, "set");
        if (quick.Node("sweep") is not { } node)
        {
            return (quickSpec, axes);
        }

        if (node is not SpecMap sweep)
        {
            throw quick.Error("sweep", $"expected a mapping of field paths to values, found {node.Describe()}", SpecErrorKind.Type);
        }

        ImmutableArray<SweepAxis> replacements = Axes(sweep, maxPoints, "quick.sweep");
        SweepAxis[] result = [.. axes];
        foreach (SweepAxis q in replacements)
        {
            string where = "quick.sweep." + (q.Group is null ? q.Field : q.Group + "." + q.Field);
            int index = Array.FindIndex(result, a => a.Field == q.Field);
            if (index < 0 || result[index].Group != q.Group)
            {
                string axisNames = string.Join(", ", axes.Select(a => a.Group is null ? a.Field : a.Group + "." + a.Field));
                throw new SpecException(SpecErrorKind.Sweep, where,
                    $"is not an axis of the sweep (a grouped axis is named group.field); axes: {axisNames}", q.Position);
            }

            result[index] = result[index] with { Values = q.Values, Position = q.Position };
        }

        foreach (IGrouping<string, SweepAxis> group in axes.Where(a => a.Group is not null).GroupBy(a => a.Group!))
        {
            int replaced = group.Count(a => replacements.Any(q => q.Field == a.Field));
            if (replaced != 0 && replaced != group.Count())
            {
                throw new SpecException(SpecErrorKind.Sweep, "quick.sweep." + group.Key,
                    $"must give all {group.Count()} axes of the group ({string.Join(", ", group.Select(a => a.Field))}), not {replaced}", sweep.Position);
            }
        }

        ImmutableArray<SweepAxis> quickAxes = [.. result];
        CheckCount(quickAxes, mode, maxPoints, sweep);
        return (quickSpec, quickAxes);
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

        if (Directory.Exists(full))
        {
            throw new SpecException(SpecErrorKind.File, "base", $"{SpecText.Quote(relative)} is a folder; name a spec or experiment file in it", at);
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

    private static ImmutableArray<SweepAxis> Axes(SpecMap sweep, int maxPoints, string section)
    {
        if (sweep.Entries.IsEmpty)
        {
            throw new SpecException(SpecErrorKind.Sweep, section, "is empty; list at least one axis (field.path: [values])", sweep.Position);
        }

        List<SweepAxis> axes = [];
        foreach (SpecEntry e in sweep.Entries)
        {
            string key = e.Key.Trim();
            if (IsGroup(e.Value))
            {
                axes.AddRange(Group(key, (SpecMap)e.Value, section + "." + key));
                continue;
            }

            ScenarioLoader.CheckFieldPath(key, e.KeyPosition);
            axes.Add(new SweepAxis(key, Values(e.Value, section + "." + key, maxPoints), e.KeyPosition));
        }

        SweepAxis? twice = axes.GroupBy(a => a.Field, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Last();
        if (twice is not null)
        {
            throw new SpecException(SpecErrorKind.Sweep, section + "." + twice.Field, "is set by two axes; give each field one axis", twice.Position);
        }

        return [.. axes];
    }

    /// <summary>An axis group: a mapping whose every value is a list (a range's values are scalars).</summary>
    private static bool IsGroup(SpecNode node) => node is SpecMap { Entries.IsEmpty: false } m && m.Entries.All(e => e.Value is SpecList);

    private static IEnumerable<SweepAxis> Group(string name, SpecMap group, string path)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new SpecException(SpecErrorKind.Sweep, path,
                "an axis group needs a name of letters, digits, '-' and '_' (its axes are the field paths inside it)", group.Position);
        }

        SpecEntry first = group.Entries[0];
        foreach (SpecEntry e in group.Entries)
        {
            string field = e.Key.Trim();
            ScenarioLoader.CheckFieldPath(field, e.KeyPosition);
            var list = (SpecList)e.Value;
            if (list.Items.IsEmpty)
            {
                throw new SpecException(SpecErrorKind.Sweep, path + "." + field, "has no values; list at least one", list.Position);
            }

            int expected = ((SpecList)first.Value).Items.Length;
            if (list.Items.Length != expected)
            {
                throw new SpecException(SpecErrorKind.Sweep, path + "." + field,
                    $"has {list.Items.Length} values but {first.Key.Trim()} has {expected}; the axes of a group advance together and need equal lengths", list.Position);
            }

            yield return new SweepAxis(field, list.Items, e.KeyPosition) { Group = name };
        }
    }

    private static ImmutableArray<SpecNode> Values(SpecNode node, string path, int maxPoints) => node switch
    {
        SpecList list when list.Items.IsEmpty =>
            throw new SpecException(SpecErrorKind.Sweep, path, "has no values; list at least one", list.Position),
        SpecList list => list.Items,
        SpecMap range => AxisRange.Expand(range, path, maxPoints),
        _ => throw new SpecException(SpecErrorKind.Sweep, path,
            $"expected a list of values or a range {{from, to, step}}, found {node.Describe()}", node.Position),
    };

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

        int[] lengths = [.. axes.Select((a, i) => (a, i)).Where(x => x.a.Group is null || axes.First(b => b.Group == x.a.Group) == x.a).Select(x => x.a.Values.Length)];
        double count = lengths.Aggregate(1.0, (n, length) => n * length);
        if (count > maxPoints)
        {
            string product = string.Join(" × ", lengths.Select(n => n.ToString(CultureInfo.InvariantCulture)));
            throw new SpecException(SpecErrorKind.Sweep, "sweep",
                $"{product} = {count.ToString("0", CultureInfo.InvariantCulture)} points exceed max_points {maxPoints.ToString(CultureInfo.InvariantCulture)}",
                sweep.Position);
        }
    }
}
