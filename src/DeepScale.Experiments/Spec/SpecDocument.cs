using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// A parsed, not yet validated spec or experiment file: an immutable tree of <see cref="SpecNode"/>s with their
/// positions. Overrides (<see cref="With"/>) return new documents; <see cref="ToCanonicalText"/> and
/// <see cref="Sha256"/> identify the content independently of comments, layout and key order.
/// </summary>
public sealed class SpecDocument
{
    private SpecDocument(SpecMap root, string source)
    {
        Root = root;
        Source = source;
    }

    /// <summary>The top-level mapping.</summary>
    public SpecMap Root { get; }

    /// <summary>The name the text was loaded under (a file name as the user gave it, or another label).</summary>
    public string Source { get; }

    /// <summary>Parses YAML text; throws <see cref="SpecException"/> for empty, binary, oversized or malformed text.</summary>
    public static SpecDocument Parse(string text, string source) => new(YamlSpecParser.Parse(text, source), source);

    /// <summary>Reads and parses a file, refusing files over <see cref="SpecLimits.MaxFileBytes"/> before reading them.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="source">The name used in messages; the path itself when null.</param>
    public static SpecDocument ReadFile(string path, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        source ??= path;
        return Parse(YamlSpecParser.ReadFile(path, source), source);
    }

    /// <summary>Wraps an existing tree (for example a section of an experiment file used as a spec).</summary>
    public static SpecDocument FromTree(SpecMap root, string source) => new(root, source);

    /// <summary>Parses a command-line value (<c>4</c>, <c>"80 GiB"</c>, <c>[1, 2]</c>) into a node whose source is <paramref name="source"/>.</summary>
    public static SpecNode ParseValue(string text, string source = "override")
    {
        ArgumentNullException.ThrowIfNull(text);
        return YamlSpecParser.ParseValue(text, source);
    }

    /// <summary>The node at a field path (<c>parallelism.tensor</c>, <c>cluster.storage[0].kind</c>), or null.</summary>
    public SpecNode? Find(string fieldPath)
    {
        ImmutableArray<SpecPath.Segment>? segments = SpecPath.TryParse(fieldPath);
        if (segments is null)
        {
            return null;
        }

        SpecNode? node = Root;
        foreach (SpecPath.Segment s in segments.Value)
        {
            node = (s.Index, node) switch
            {
                (null, SpecMap m) => m.Find(s.Key)?.Value,
                (int i, SpecList l) when i < l.Items.Length => l.Items[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// Where a field was written: its own node, or when it is absent the nearest written ancestor (for a field
    /// inherited from a preset, the <c>preset</c>, <c>system</c> or <c>cloud</c> key beside it).
    /// </summary>
    public SpecPosition Locate(string fieldPath)
    {
        string path = fieldPath;
        while (path.Length > 0)
        {
            if (Find(path) is { } node)
            {
                return node.Position;
            }

            string parent = SpecPath.Parent(path);
            if ((parent.Length == 0 ? Root : Find(parent)) is SpecMap map)
            {
                foreach (string origin in (string[])["preset", "system", "cloud", "gpu"])
                {
                    if (map.Find(origin) is { } entry)
                    {
                        return entry.Value.Position;
                    }
                }

                return map.Position;
            }

            path = parent;
        }

        return Root.Position;
    }

    /// <summary>An error about <paramref name="field"/>, positioned where the field (or its nearest ancestor) was written.</summary>
    public SpecException ErrorAt(string field, string constraint, SpecErrorKind kind = SpecErrorKind.Constraint) =>
        new(kind, field, constraint, Locate(field));

    /// <summary>
    /// A copy with the value at <paramref name="fieldPath"/> replaced (or added, creating missing sections).
    /// Throws <see cref="SpecException"/> when the path is malformed or runs through a value that is not a section.
    /// The path is not checked against any schema here.
    /// </summary>
    public SpecDocument With(string fieldPath, SpecNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ImmutableArray<SpecPath.Segment> segments = SpecPath.TryParse(fieldPath)
            ?? throw new SpecException(SpecErrorKind.Sweep, SpecPath.OrDocument(fieldPath ?? ""),
                "is not a field path (keys joined by dots, e.g. parallelism.tensor)", value.Position);
        SpecNode root = Set(Root, segments.AsSpan(), value, "", fieldPath);
        return new SpecDocument((SpecMap)root, Source);
    }

    /// <summary>The content as canonical text: keys sorted, strings quoted, comments and layout dropped.</summary>
    public string ToCanonicalText() => Root.ToCanonicalText();

    /// <summary>SHA-256 of <see cref="ToCanonicalText"/> (UTF-8), as 64 lowercase hex digits.</summary>
    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCanonicalText())));

    private static SpecNode Set(SpecNode? node, ReadOnlySpan<SpecPath.Segment> segments, SpecNode value, string path, string fullPath)
    {
        if (segments.IsEmpty)
        {
            return value;
        }

        SpecPath.Segment s = segments[0];
        if (s.Index is int index)
        {
            if (node is not SpecList list || index >= list.Items.Length)
            {
                throw new SpecException(SpecErrorKind.Sweep, fullPath,
                    $"{SpecPath.OrDocument(path)} has no item {index}", value.Position);
            }

            string itemPath = SpecPath.Item(path, index);
            return list with { Items = list.Items.SetItem(index, Set(list.Items[index], segments[1..], value, itemPath, fullPath)) };
        }

        SpecMap map = node switch
        {
            SpecMap m => m,
            null or SpecScalar { IsNull: true } => new SpecMap([], value.Position),
            _ => throw new SpecException(SpecErrorKind.Sweep, fullPath,
                $"cannot set it: {SpecPath.OrDocument(path)} is {node.Describe()}, not a section", value.Position),
        };
        string childPath = SpecPath.Join(path, s.Key);
        SpecNode child = Set(map.Find(s.Key)?.Value, segments[1..], value, childPath, fullPath);
        return map.With(s.Key, child, map.Find(s.Key)?.KeyPosition ?? value.Position);
    }
}
