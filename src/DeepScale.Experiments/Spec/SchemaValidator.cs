namespace DeepScale.Experiments.Spec;

/// <summary>
/// Checks a spec tree against <see cref="SpecSchema"/>: every key known (else the nearest valid key is named),
/// sections are mappings, lists are lists, scalar fields are scalars. Values are typed later by the resolver.
/// </summary>
internal static class SchemaValidator
{
    public static void Check(SpecMap root) => CheckSection(root, SpecSchema.Root, "");

    /// <summary>Throws an unknown-key error for <paramref name="key"/> in a section with the given valid keys.</summary>
    public static SpecException UnknownKey(string sectionPath, string key, IEnumerable<string> validKeys, SpecPosition position)
    {
        List<string> valid = [.. validKeys];
        string? likely = NearestNames.Likely(key, valid);
        string hint = likely is not null ? $"did you mean {likely}? " : "";
        return new SpecException(SpecErrorKind.UnknownKey, SpecPath.Join(sectionPath, key),
            $"unknown key; {hint}valid keys here: {string.Join(", ", valid)}", position);
    }

    private static void CheckSection(SpecMap map, SpecField schema, string path)
    {
        foreach (SpecEntry entry in map.Entries)
        {
            SpecField field = schema.Child(entry.Key)
                ?? throw UnknownKey(path, entry.Key, schema.Children.Select(c => c.Name), entry.KeyPosition);
            CheckValue(entry.Value, field, SpecPath.Join(path, entry.Key));
        }
    }

    private static void CheckValue(SpecNode value, SpecField field, string path)
    {
        if (value is SpecScalar { IsNull: true })
        {
            return;
        }

        switch (field.Kind)
        {
            case SpecFieldKind.Section:
                CheckSection(value as SpecMap ?? throw Shape(value, "a section (a mapping of keys)", path), field, path);
                break;
            case SpecFieldKind.SectionOrList when value is SpecList list:
                for (int i = 0; i < list.Items.Length; i++)
                {
                    string itemPath = SpecPath.Item(path, i);
                    CheckSection(list.Items[i] as SpecMap ?? throw Shape(list.Items[i], "a section (a mapping of keys)", itemPath), field, itemPath);
                }

                break;
            case SpecFieldKind.SectionOrList:
                CheckSection(value as SpecMap ?? throw Shape(value, "a section or a list of sections", path), field, path);
                break;
            case SpecFieldKind.IntegerList:
                if (value is not SpecList)
                {
                    throw Shape(value, "a list of integers", path);
                }

                break;
            default:
                if (value is not SpecScalar)
                {
                    throw Shape(value, Expected(field), path);
                }

                break;
        }
    }

    private static string Expected(SpecField field) => field.Kind switch
    {
        SpecFieldKind.Integer => "an integer",
        SpecFieldKind.Number => "a number",
        SpecFieldKind.Boolean => "true or false",
        SpecFieldKind.Choice => "one of " + SpecText.OrList(field.Choices),
        SpecFieldKind.ByteSize => "a byte size such as \"80 GiB\"",
        SpecFieldKind.ByteRate => "a byte rate such as \"100 GB/s\"",
        SpecFieldKind.Duration => "a duration such as \"5 ms\"",
        _ => "text",
    };

    private static SpecException Shape(SpecNode value, string expected, string path) =>
        new(SpecErrorKind.Type, path, $"expected {expected}, found {value.Describe()}", value.Position);
}
