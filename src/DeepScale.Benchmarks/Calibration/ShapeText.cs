using System.Globalization;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Reads benchmark parameter values back from the text their types print: integers, enum names, and the shapes'
/// <c>ToString</c> forms (<c>64x512x512 Bt</c>, <c>N8 C16 32x32 K32 R3 S1 P1</c>, <c>Softmax 64x10</c>).
/// </summary>
internal static class ShapeText
{
    public static object ParseValue(Type type, string text, string field)
    {
        string s = text.Trim();
        if (type == typeof(int))
        {
            return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                ? i
                : throw new FormatException($"{field}: '{text}' is not an integer");
        }

        if (type.IsEnum)
        {
            return Enum.GetNames(type).Contains(s, StringComparer.Ordinal)
                ? Enum.Parse(type, s)
                : throw new FormatException($"{field}: '{text}' is not one of {string.Join(", ", Enum.GetNames(type))}");
        }

        if (type == typeof(GemmShape))
        {
            return Gemm(s, field);
        }

        if (type == typeof(Conv2dShape))
        {
            return Conv(s, field);
        }

        if (type == typeof(RowwiseShape))
        {
            return Rowwise(s, field);
        }

        throw new FormatException($"{field}: values of type {type.Name} cannot be read from text");
    }

    private static GemmShape Gemm(string s, string field)
    {
        string[] words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int[] dims = Dims(words.Length > 0 ? words[0] : "", 3, field, s);
        bool ta = false, tb = false;
        foreach (string flag in words.Skip(1))
        {
            switch (flag)
            {
                case "At":
                    ta = true;
                    break;
                case "Bt":
                    tb = true;
                    break;
                default:
                    throw new FormatException($"{field}: '{s}' has an unknown flag '{flag}' (At, Bt)");
            }
        }

        return new GemmShape(dims[0], dims[1], dims[2], ta, tb);
    }

    private static Conv2dShape Conv(string s, string field)
    {
        string[] w = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length != 7)
        {
            throw new FormatException($"{field}: '{s}' is not 'N<batch> C<in> <h>x<w> K<out> R<kernel> S<stride> P<pad>'");
        }

        int[] hw = Dims(w[2], 2, field, s);
        return new Conv2dShape(Prefixed(w[0], 'N', field, s), Prefixed(w[1], 'C', field, s), hw[0], hw[1],
            Prefixed(w[3], 'K', field, s), Prefixed(w[4], 'R', field, s), Prefixed(w[5], 'S', field, s), Prefixed(w[6], 'P', field, s));
    }

    private static RowwiseShape Rowwise(string s, string field)
    {
        string[] w = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length != 2 || !Enum.TryParse(w[0], ignoreCase: false, out RowwiseOp op) || !Enum.IsDefined(op))
        {
            throw new FormatException($"{field}: '{s}' is not '<Softmax|LayerNorm> <rows>x<cols>'");
        }

        int[] rc = Dims(w[1], 2, field, s);
        return new RowwiseShape(op, rc[0], rc[1]);
    }

    private static int[] Dims(string word, int count, string field, string whole)
    {
        string[] parts = word.Split('x');
        int[] dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
            {
                dims = [];
                break;
            }
        }

        return dims.Length == count ? dims : throw new FormatException($"{field}: '{whole}' does not hold {count} dimensions joined by 'x'");
    }

    private static int Prefixed(string word, char prefix, string field, string whole) =>
        word.Length > 1 && word[0] == prefix && int.TryParse(word.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new FormatException($"{field}: '{whole}' has '{word}' where '{prefix}<number>' belongs");
}
