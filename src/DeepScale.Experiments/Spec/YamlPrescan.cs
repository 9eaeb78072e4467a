using System.Globalization;

using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// A first pass over the YAML event stream, before the representation model is built. It bounds nesting depth and
/// node count (the representation model recurses per level, and the scanner slows quadratically on deep nesting,
/// so a hostile file must stop here after a few dozen events), and it names the field path of errors that the
/// representation model would report without one: syntax errors, duplicated keys, non-scalar keys, tags, unknown
/// aliases and extra documents.
/// </summary>
internal static class YamlPrescan
{
    private sealed class Frame(string path, bool isMap)
    {
        public string Path { get; } = path;

        public bool IsMap { get; } = isMap;

        public bool ExpectKey { get; set; } = true;

        public string? Key { get; set; }

        public int Index { get; set; }

        public Dictionary<string, long> KeyLines { get; } = new(StringComparer.Ordinal);

        public string ChildPath => IsMap
            ? SpecPath.Join(Path, Key ?? "")
            : Path + "[" + Index.ToString(CultureInfo.InvariantCulture) + "]";
    }

    /// <summary>Throws <see cref="SpecException"/> for the first structural problem; returns the number of documents.</summary>
    public static int Check(string text, string source)
    {
        Parser parser = new(new StringReader(text));
        List<Frame> stack = [];
        HashSet<string> anchors = new(StringComparer.Ordinal);
        List<(string Name, int Depth)> openAnchors = [];
        int documents = 0;
        int nodes = 0;
        Mark last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                ParsingEvent e = parser.Current!;
                last = e.End;
                switch (e)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            throw new SpecException(SpecErrorKind.Syntax, "(document)",
                                "a second YAML document starts here; a spec file holds exactly one", At(source, e.Start));
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        stack.RemoveAt(stack.Count - 1);
                        for (int i = openAnchors.Count - 1; i >= 0 && openAnchors[i].Depth > stack.Count; i--)
                        {
                            anchors.Add(openAnchors[i].Name);
                            openAnchors.RemoveAt(i);
                        }

                        AfterValue(stack);
                        break;
                    case NodeEvent or AnchorAlias:
                        if (++nodes > SpecLimits.MaxNodes)
                        {
                            throw new SpecException(SpecErrorKind.Syntax, CurrentPath(stack),
                                $"more than {SpecLimits.MaxNodes} YAML nodes; a spec is far smaller", At(source, e.Start));
                        }

                        OnNode(e, stack, anchors, openAnchors, source);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            string message = SpecText.OneLine(ex.Message).TrimEnd('.');
            if (message.Length > 0)
            {
                message = char.ToLowerInvariant(message[0]) + message[1..];
            }

            SpecPosition at = message.Contains("tab", StringComparison.Ordinal) && FirstIndentTab(text) is (int line, int column)
                ? new SpecPosition(source, line, column)
                : At(source, ex.Start);
            throw new SpecException(SpecErrorKind.Syntax, CurrentPath(stack), "YAML syntax error: " + message, at, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            // The YAML parser fails this way on some malformed flow collections instead of raising a YamlException.
            throw new SpecException(SpecErrorKind.Syntax, CurrentPath(stack),
                "YAML syntax error: the parser cannot continue after this point (an unclosed '{', '[' or quote?)", At(source, last), ex);
        }

        return documents;
    }

    private static void OnNode(ParsingEvent e, List<Frame> stack, HashSet<string> anchors, List<(string Name, int Depth)> openAnchors, string source)
    {
        Frame? top = stack.Count > 0 ? stack[^1] : null;
        if (top is { IsMap: true, ExpectKey: true })
        {
            if (e is not Scalar key || key.Value is null)
            {
                throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(top.Path),
                    "keys must be plain names, not lists, sections or aliases", At(source, e.Start));
            }

            CheckTag(key, top.Path, source);
            if (top.KeyLines.TryGetValue(key.Value, out long first))
            {
                throw new SpecException(SpecErrorKind.DuplicateKey, SpecPath.Join(top.Path, key.Value),
                    $"duplicated key (first written at line {first.ToString(CultureInfo.InvariantCulture)})", At(source, e.Start));
            }

            top.KeyLines[key.Value] = e.Start.Line;
            top.Key = key.Value;
            top.ExpectKey = false;
            return;
        }

        string path = top?.ChildPath ?? "";
        if (e is AnchorAlias alias)
        {
            if (!anchors.Contains(alias.Value.Value))
            {
                throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path),
                    $"alias *{alias.Value.Value} names no complete anchor before it", At(source, e.Start));
            }

            AfterValue(stack);
            return;
        }

        NodeEvent node = (NodeEvent)e;
        CheckTag(node, path, source);
        switch (node)
        {
            case MappingStart or SequenceStart:
                if (stack.Count >= SpecLimits.MaxDepth)
                {
                    throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path),
                        $"nested deeper than {SpecLimits.MaxDepth} levels", At(source, e.Start));
                }

                stack.Add(new Frame(path, node is MappingStart));
                if (!node.Anchor.IsEmpty)
                {
                    openAnchors.Add((node.Anchor.Value, stack.Count));
                }

                break;
            default:
                if (!node.Anchor.IsEmpty)
                {
                    anchors.Add(node.Anchor.Value);
                }

                AfterValue(stack);
                break;
        }
    }

    /// <summary>Line and column of the first tab in a line's indentation (the parser reports such errors at 1:1).</summary>
    private static (int Line, int Column)? FirstIndentTab(string text)
    {
        int line = 1;
        int column = 1;
        bool indent = true;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                indent = true;
                continue;
            }

            if (indent && c == '\t')
            {
                return (line, column);
            }

            indent &= c == ' ';
            column++;
        }

        return null;
    }

    private static void CheckTag(NodeEvent node, string path, string source)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
        {
            throw new SpecException(SpecErrorKind.Syntax, SpecPath.OrDocument(path),
                $"YAML tag {node.Tag.Value} is not supported; write the value without a tag", At(source, node.Start));
        }
    }

    private static void AfterValue(List<Frame> stack)
    {
        if (stack.Count == 0)
        {
            return;
        }

        Frame top = stack[^1];
        if (top.IsMap)
        {
            top.ExpectKey = true;
            top.Key = null;
        }
        else
        {
            top.Index++;
        }
    }

    private static string CurrentPath(List<Frame> stack)
    {
        if (stack.Count == 0)
        {
            return "(document)";
        }

        Frame top = stack[^1];
        return SpecPath.OrDocument(top.IsMap && top.Key is not null ? top.ChildPath : top.Path);
    }

    /// <summary>The position of a YAMLDotNet mark (1-based line and column).</summary>
    public static SpecPosition At(string source, Mark mark) =>
        new(source, (int)Math.Clamp(mark.Line, 0, int.MaxValue), (int)Math.Clamp(mark.Column, 0, int.MaxValue));
}
