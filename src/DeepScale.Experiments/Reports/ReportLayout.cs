using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// How a sweep's points arrange themselves for a report, read from its axes: which axes vary, which of them set the
/// GPU count (<c>cluster.nodes</c>, <c>cluster.gpus</c>, <c>cluster.gpus_per_node</c>, <c>parallelism.data</c>, or a
/// group or zip containing one) and which form series (the others), how points are labelled, and how series fall
/// into facets (one figure per value of the first series axis) when there are too many for one figure.
/// </summary>
public sealed class ReportLayout
{
    /// <summary>Most series drawn in one figure; beyond it the figures are split by the first series axis.</summary>
    public const int MaxSeriesPerFigure = 8;

    private static readonly string[] s_scaleFields = ["cluster.nodes", "cluster.gpus", "cluster.gpus_per_node", "parallelism.data"];

    private static readonly string[] s_labelFields = ["name", "description"];

    private readonly ImmutableArray<ImmutableArray<string>> _seriesDimensions;
    private readonly string? _labelField;
    private readonly string? _zipLabelField;

    private ReportLayout(ImmutableArray<ImmutableArray<string>> seriesDimensions, ImmutableArray<string> varying, bool scales, bool weak, bool modelGrows, string? labelField, string? zipLabelField, string experiment)
    {
        _seriesDimensions = seriesDimensions;
        VaryingFields = varying;
        ScalesGpus = scales;
        Weak = weak;
        ModelGrows = modelGrows;
        _labelField = labelField;
        _zipLabelField = zipLabelField;
        Experiment = experiment;
    }

    /// <summary>The axis fields that take more than one value among the points, in axis order.</summary>
    public ImmutableArray<string> VaryingFields { get; }

    /// <summary>True when the points span more than one GPU count.</summary>
    public bool ScalesGpus { get; }

    /// <summary>True when the problem grows with the GPUs along a series (the global batch, or the model as in
    /// Megatron's weak-scaling table): weak scaling, where throughput per GPU should stay flat.</summary>
    public bool Weak { get; }

    /// <summary>True when the model itself changes with the GPU count along a series, so samples/s of different
    /// points do not compare and throughput is measured in model FLOP/s.</summary>
    public bool ModelGrows { get; }

    /// <summary>
    /// The varying fields that change the training job itself (<c>model.*</c>, the data set's <c>data.samples</c> and
    /// <c>data.bytes_per_sample</c>; not where the data is stored or how it is loaded): points that differ in them
    /// train different workloads, whose throughputs do not rank against each other.
    /// </summary>
    public ImmutableArray<string> WorkloadFields => [.. VaryingFields.Where(f => f.StartsWith("model.", StringComparison.Ordinal) || f is "data.samples" or "data.bytes_per_sample")];

    /// <summary>The workload of a point as a label shows it ("seq_len=8192"); "" when no workload field varies.</summary>
    public string WorkloadLabel(ReportPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return string.Join(" · ", WorkloadFields.Select(f => Named(f, point.ValueOf(f) ?? "")));
    }

    /// <summary>The experiment's name (the label of the only series when no axis forms series).</summary>
    public string Experiment { get; }

    /// <summary>The varying fields that form series (axes that do not set the GPU count), by dimension.</summary>
    public ImmutableArray<ImmutableArray<string>> SeriesDimensions => _seriesDimensions;

    /// <summary>The name of each series dimension: its field, or its group's name for a group of several varying fields.</summary>
    public ImmutableArray<string> SeriesDimensionNames { get; private init; } = [];

    /// <summary>Reads the layout of <paramref name="points"/> swept over <paramref name="axes"/> in <paramref name="mode"/>.</summary>
    public static ReportLayout Of(string experiment, IReadOnlyList<ManifestAxis> axes, string mode, IReadOnlyList<ReportPoint> points)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(points);
        ImmutableArray<string> varying = [.. axes.Select(a => a.Field).Where(f => points.Select(p => p.ValueOf(f)).Distinct(StringComparer.Ordinal).Count() > 1)];
        bool zip = mode == "zip";
        var dimensions = new List<(string Name, List<string> Fields)>();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (ManifestAxis axis in axes)
        {
            if (zip && dimensions.Count > 0)
            {
                dimensions[0].Fields.Add(axis.Field);
            }
            else if (axis.Group is { } g && groups.TryGetValue(g, out List<string>? members))
            {
                members.Add(axis.Field);
            }
            else
            {
                List<string> d = [axis.Field];
                dimensions.Add((axis.Group ?? axis.Field, d));
                if (axis.Group is { } name)
                {
                    groups[name] = d;
                }
            }
        }

        var kept = dimensions
            .Where(d => !d.Fields.Any(f => s_scaleFields.Contains(f)))
            .Select(d => (d.Name, Fields: d.Fields.Where(f => varying.Contains(f)).ToImmutableArray()))
            .Where(d => !d.Fields.IsEmpty)
            .ToList();
        ImmutableArray<ImmutableArray<string>> series = [.. kept.Select(d => d.Fields)];
        ImmutableArray<string> names = [.. kept.Select(d => d.Fields.Length == 1 ? d.Fields[0] : d.Name)];
        bool scales = points.Select(p => p.Result.Gpus).Distinct().Count() > 1;
        bool modelGrows = scales && points.GroupBy(p => SeriesKeyOf(series, p)).Any(g => g.Select(p => p.Result.ModelParams).Distinct().Count() > 1);
        bool batchGrows = scales && points.GroupBy(p => SeriesKeyOf(series, p))
            .Any(g => g.Select(p => Math.Round(p.Result.SamplesPerS * p.Result.IterationTimeS)).Distinct().Count() > 1);
        string? labelField = s_labelFields.FirstOrDefault(varying.Contains);
        string? zipLabel = zip ? (varying.Contains("model.preset") ? "model.preset" : varying.FirstOrDefault(f => !s_scaleFields.Contains(f))) : null;
        return new ReportLayout(series, varying, scales, modelGrows || batchGrows, modelGrows, labelField, zipLabel, experiment) { SeriesDimensionNames = names };
    }

    /// <summary>The identity of a point's series (equal for the points of one line of a scaling chart).</summary>
    public string SeriesKey(ReportPoint point) => SeriesKeyOf(_seriesDimensions, point);

    /// <summary>The series of a point as a legend shows it ("dgx-a100-80gb · nfs"); the experiment's name when no
    /// axis forms series.</summary>
    public string SeriesLabel(ReportPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        string label = string.Join(" · ", _seriesDimensions.Select(d => Part(d, point)));
        return label.Length > 0 ? label : Experiment;
    }

    /// <summary>The facet (figure) a point's series falls into: the value of the first series axis, or "" when every
    /// series fits in one figure.</summary>
    public string Facet(ReportPoint point, int seriesCount)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (seriesCount <= MaxSeriesPerFigure || _seriesDimensions.Length < 2)
        {
            return "";
        }

        return Part(_seriesDimensions[0], point);
    }

    /// <summary>The series label without the facet's part, for legends inside a facet.</summary>
    public string SeriesLabelInFacet(ReportPoint point, string facet)
    {
        string label = SeriesLabel(point);
        string prefix = facet + " · ";
        return facet.Length > 0 && label.StartsWith(prefix, StringComparison.Ordinal) ? label[prefix.Length..] : label;
    }

    /// <summary>A short label of the configuration ("dgx-a100-80gb · nfs · 64 GPUs", "gpt3-18b · 256 GPUs").</summary>
    public string Label(ReportPoint point) => Label(point, withGpus: true);

    /// <summary>The configuration label, with the GPU count only when <paramref name="withGpus"/> (a figure of one GPU
    /// count does not need it on every bar).</summary>
    public string Label(ReportPoint point, bool withGpus)
    {
        ArgumentNullException.ThrowIfNull(point);
        string label = _seriesDimensions.IsEmpty && _zipLabelField is not null
            ? Short(point.ValueOf(_labelField ?? _zipLabelField) ?? "")
            : string.Join(" · ", _seriesDimensions.Select(d => Part(d, point)));

        if (ScalesGpus && withGpus)
        {
            string gpus = point.Result.Gpus.ToString(CultureInfo.InvariantCulture) + " GPUs";
            label = label.Length == 0 ? gpus : label + " · " + gpus;
        }

        return label.Length > 0 ? label : point.Result.Name;
    }

    /// <summary>
    /// A value as a label shows it: scalars as written; a mapping by its values (a cloud instance
    /// <c>{instance: "p4d.24xlarge", provider: "aws"}</c> as "aws p4d.24xlarge"); a list as written.
    /// </summary>
    public static string Short(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string v = value.Trim();
        if (!(v.StartsWith('{') && v.EndsWith('}')))
        {
            return v;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (string part in v[1..^1].Split(','))
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                pairs.Add((part[..colon].Trim().Trim('"'), part[(colon + 1)..].Trim().Trim('"')));
            }
        }

        string? provider = pairs.FirstOrDefault(p => p.Key == "provider").Value;
        string? instance = pairs.FirstOrDefault(p => p.Key == "instance").Value;
        return provider is not null && instance is not null
            ? provider + " " + instance
            : string.Join(" ", pairs.Select(p => p.Value));
    }

    /// <summary>Lowercase letters, digits and hyphens, for file names ("aws p4d.24xlarge" → "aws-p4d-24xlarge").</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder(text.Length);
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>The label part of series dimension <paramref name="dimension"/> for a point ("ib-hdr", "tensor=8").</summary>
    public string DimensionLabel(int dimension, ReportPoint point) => Part(_seriesDimensions[dimension], point);

    /// <summary>A dimension's part of a label: the value of its label field (<c>name</c>, <c>description</c>) when it
    /// has one, else of its first varying field (a group's first field stands for the group).</summary>
    private string Part(ImmutableArray<string> dimension, ReportPoint point)
    {
        string field = _labelField is not null && dimension.Contains(_labelField) ? _labelField : dimension[0];
        return Named(field, point.ValueOf(field) ?? "");
    }

    /// <summary>A value for a label: text as it is ("dgx-h100"), a number or boolean with its field's last key
    /// ("tensor=8"), since a bare number does not say what it counts.</summary>
    public static string Named(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        string text = Short(value);
        bool bare = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || text is "true" or "false";
        return bare ? field[(field.LastIndexOf('.') + 1)..] + "=" + text : text;
    }

    private static string SeriesKeyOf(ImmutableArray<ImmutableArray<string>> series, ReportPoint point) =>
        string.Join("\n", series.SelectMany(d => d).Select(f => f + "=" + point.ValueOf(f)));
}
