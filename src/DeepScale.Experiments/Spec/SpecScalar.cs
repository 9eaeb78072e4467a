using System.Text;
using System.Text.RegularExpressions;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// A scalar value of a spec: its text exactly as written (null for YAML null: <c>~</c>, <c>null</c> or nothing) and
/// whether it was quoted. A quoted scalar is always a string; a plain one is read as the type its field expects.
/// </summary>
/// <param name="Value">The text, or null for YAML null.</param>
/// <param name="Quoted">True for single-, double-quoted and block scalars.</param>
/// <param name="Position">Where the scalar was written.</param>
public sealed partial record SpecScalar(string? Value, bool Quoted, SpecPosition Position) : SpecNode(Position)
{
    /// <summary>True for YAML null.</summary>
    public bool IsNull => Value is null;

    /// <summary>True for a plain scalar that reads as a YAML number (integer, decimal, exponent, .inf, .nan).</summary>
    public bool IsPlainNumber => !Quoted && Value is not null && NumberPattern().IsMatch(Value);

    /// <summary>True for a plain <c>true</c> or <c>false</c> in any of the YAML 1.2 spellings.</summary>
    public bool IsPlainBoolean => !Quoted && Value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    /// <inheritdoc/>
    public override string Describe() => Value switch
    {
        null => "nothing (null)",
        _ when Quoted => $"the string {SpecText.Quote(Value)}",
        _ when IsPlainNumber => $"the number {SpecText.Clip(Value)}",
        _ when IsPlainBoolean => $"the boolean {Value}",
        _ => $"the text {SpecText.Quote(Value)}",
    };

    /// <inheritdoc/>
    public override string ToCanonicalText()
    {
        if (Value is null)
        {
            return "null";
        }

        if (IsPlainNumber || IsPlainBoolean)
        {
            return Value.ToLowerInvariant();
        }

        StringBuilder sb = new(Value.Length + 2);
        sb.Append('"');
        foreach (char c in Value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Integers, decimals with optional exponent, and the YAML spellings of infinity and not-a-number.</summary>
    [GeneratedRegex(@"^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN|NaN|Infinity)$")]
    private static partial Regex NumberPattern();
}
