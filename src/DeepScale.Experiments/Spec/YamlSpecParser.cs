using System.Collections.Immutable;
using System.Globalization;
using System.Text;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Reads spec text into a <see cref="SpecMap"/>: refuses oversized, binary and empty input, runs the
/// <see cref="YamlPrescan"/>, loads YamlDotNet's representation model (which keeps line and column marks) and
/// converts it into the immutable spec tree.
/// </summary>
internal static class YamlSpecParser
{
    /// <summary>Reads a file as strict UTF-8, refusing it before reading when it exceeds <see cref="SpecLimits.MaxFileBytes"/>.</summary>
    public static string ReadFile(string path, string source)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SpecException(SpecErrorKind.File, "(file)",
                    Directory.Exists(path) ? "is a directory, not a spec file" : "no such file", SpecPosition.InSource(source));
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw new SpecException(SpecErrorKind.File, "(file)", "cannot read: " + ex.Message, SpecPosition.InSource(source), ex);
        }

        if (info.Length > SpecLimits.MaxFileBytes)
        {
            throw TooLarge(info.Length, source);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(SpecErrorKind.File, "(file)", "cannot read: " + ex.Message, SpecPosition.InSource(source), ex);
        }

        if (bytes.LongLength > SpecLimits.MaxFileBytes)
        {
            throw TooLarge(bytes.LongLength, source);
        }

        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            throw new SpecException(SpecErrorKind.File, "(file)",
                $"is not a text file (byte 0x00 at offset {nul.ToString(CultureInfo.InvariantCulture)}); a spec is UTF-8 YAML",
                SpecPosition.InSource(source));
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            string offset = ex.Index >= 0 ? $" at offset {ex.Index.ToString(CultureInfo.InvariantCulture)}" : "";
            throw new SpecException(SpecErrorKind.File, "(file)", $"is not UTF-8 text (invalid byte sequence{offset}); a spec is UTF-8 YAML",
                SpecPosition.InSource(source), ex);
        }
    }

    /// <summary>Parses spec text whose top level must be a mapping.</summary>
    public static SpecMap Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (text.Length > SpecLimits.MaxFileBytes)
        {
            throw TooLarge(text.Length, source);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        CheckCharacters(text, source);
        if (YamlPrescan.Check(text, source) == 0)
        {
            throw new SpecException(SpecErrorKind.File, "(document)",
                "the file holds no YAML document (it is empty or only comments); expected a mapping of sections",
                SpecPosition.InSource(source));
        }

        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new SpecException(SpecErrorKind.Syntax, "(document)", "YAML syntax error: " + SpecText.OneLine(ex.Message),
                YamlPrescan.At(source, ex.Start), ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            throw new SpecException(SpecErrorKind.Syntax, "(document)", "YAML syntax error: " + SpecText.OneLine(ex.Message),
                SpecPosition.InSource(source), ex);
        }

        YamlNode root = stream.Documents[0].RootNode;
        int budget = SpecLimits.MaxNodes;
        SpecNode tree = Convert(root, source, "", 0, ref budget);
        return tree as SpecMap ?? throw new SpecException(SpecErrorKind.Type, "(document)",
            $"expected a mapping of sections at the top level, found {tree.Describe()}", tree.Position);
    }

    /// <summary>Parses one scalar value written on a command line (<c>4</c>, <c>"80 GiB"</c>, <c>bf16</c>).</summary>
    public static SpecNode ParseValue(string text, string source)
    {
        SpecMap map = Parse("value: " + text.Trim() + "\n", source);
        SpecNode value = map.Entries[0].Value;
        return Shift(value, -"value: ".Length);
    }

    private static SpecNode Shift(SpecNode node, int columns) => node switch
    {
        SpecScalar s => s with { Position = Move(s.Position, columns) },
        SpecList l => l with { Position = Move(l.Position, columns), Items = [.. l.Items.Select(i => Shift(i, columns))] },
        SpecMap m => m with
        {
            Position = Move(m.Position, columns),
            Entries = [.. m.Entries.Select(e => e with { KeyPosition = Move(e.KeyPosition, columns), Value = Shift(e.Value, columns) })],
        },
        _ => node,
    };

    private static SpecPosition Move(SpecPosition p, int columns) =>
        p.Line == 1 ? p with { Column = Math.Max(1, p.Column + columns) } : p;

    private static void CheckCharacters(string text, string source)
    {
        int line = 1, column = 1;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                continue;
            }

            if ((char.IsControl(c) && c is not '\t' and not '\r') || c is '\uFFFE' or '\uFFFF')
            {
                throw new SpecException(SpecErrorKind.File, "(file)",
                    $"is not a text file (control character U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}); a spec is UTF-8 YAML",
                    new SpecPosition(source, line, column));
            }

            column++;
        }
    }

    private static SpecException TooLarge(long size, string source) =>
        new(SpecErrorKind.File, "(file)",
            $"is {size.ToString(CultureInfo.InvariantCulture)} bytes; spec files over {SpecLimits.MaxFileBytes.ToString(CultureInfo.InvariantCulture)} bytes (1 MiB) are refused",
            SpecPosition.InSource(source));

    private static SpecNode Convert(YamlNode node, string source, string path, int depth, ref int budget)
    {
        SpecPosition position = YamlPrescan.At(source, node.Start);
        if (--budget < 0)
        {
            throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path),
                $"more than {SpecLimits.MaxNodes} YAML nodes once aliases are expanded", position);
        }

        if (depth > SpecLimits.MaxDepth)
        {
            throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path),
                $"nested deeper than {SpecLimits.MaxDepth} levels once aliases are expanded", position);
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                bool quoted = scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any);
                string? value = !quoted && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value ?? "";
                return new SpecScalar(value, quoted, position);
            case YamlSequenceNode sequence:
                ImmutableArray<SpecNode>.Builder items = ImmutableArray.CreateBuilder<SpecNode>(sequence.Children.Count);
                int i = 0;
                foreach (YamlNode child in sequence.Children)
                {
                    items.Add(Convert(child, source, SpecPath.Item(path, i++), depth + 1, ref budget));
                }

                return new SpecList(items.MoveToImmutable(), position);
            case YamlMappingNode mapping:
                ImmutableArray<SpecEntry>.Builder entries = ImmutableArray.CreateBuilder<SpecEntry>(mapping.Children.Count);
                foreach (KeyValuePair<YamlNode, YamlNode> kv in mapping.Children)
                {
                    if (kv.Key is not YamlScalarNode { Value: string key })
                    {
                        throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path),
                            "keys must be plain names, not lists or sections", YamlPrescan.At(source, kv.Key.Start));
                    }

                    string childPath = SpecPath.Join(path, key);
                    entries.Add(new SpecEntry(key, YamlPrescan.At(source, kv.Key.Start), Convert(kv.Value, source, childPath, depth + 1, ref budget)));
                }

                return new SpecMap(entries.MoveToImmutable(), position);
            default:
                throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path), "unsupported YAML node", position);
        }
    }
}
