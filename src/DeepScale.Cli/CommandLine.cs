using System.Globalization;

namespace DeepScale.Cli;

/// <summary>
/// A command's arguments: positional values and <c>--name value</c> / <c>--flag</c> options, checked against what
/// the command accepts so that a typo is an error naming the option, not a silent default.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    /// <param name="args">The arguments after the verb.</param>
    /// <param name="valued">Options that take a value.</param>
    /// <param name="flags">Options that are on when present.</param>
    public CommandLine(string verb, IReadOnlyList<string> args, IEnumerable<string> valued, IEnumerable<string> flags)
    {
        Verb = verb;
        var valuedSet = new HashSet<string>(valued, StringComparer.Ordinal);
        var flagSet = new HashSet<string>(flags, StringComparer.Ordinal) { "--help", "-h" };
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith('-') && a.Length > 1 && !double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                string name = a;
                string? inline = null;
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = a[..eq];
                    inline = a[(eq + 1)..];
                }

                if (_options.ContainsKey(name))
                {
                    throw new UsageException($"{verb}: option {name} is given more than once");
                }

                if (valuedSet.Contains(name))
                {
                    string? value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                    _options[name] = string.IsNullOrWhiteSpace(value) ? throw new UsageException($"{verb}: option {name} needs a value") : value;
                }
                else if (flagSet.Contains(name) && inline is null)
                {
                    _options[name] = null;
                }
                else
                {
                    string known = string.Join(", ", valuedSet.Concat(flagSet).Where(o => o.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
                    throw new UsageException($"{verb}: unknown option '{name}' (known: {known})");
                }
            }
            else
            {
                _positional.Add(a);
            }
        }
    }

    public string Verb { get; }

    public IReadOnlyList<string> Positional => _positional;

    public bool Help => Has("--help") || Has("-h");

    public bool Has(string option) => _options.ContainsKey(option);

    public string? Value(string option) => _options.TryGetValue(option, out string? v) ? v : null;

    /// <summary>An integer option with bounds; a bad value is a usage error naming the option.</summary>
    public int Int(string option, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        string? v = Value(option);
        if (v is null)
        {
            return fallback;
        }

        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
        {
            throw new UsageException($"{Verb}: {option} must be an integer in [{min}, {max}], not '{v}'");
        }

        return n;
    }

    /// <summary>The single positional argument a command needs (e.g. the spec file).</summary>
    public string Single(string what)
    {
        if (_positional.Count != 1)
        {
            throw new UsageException(_positional.Count == 0
                ? $"{Verb}: missing {what}; run 'deepscale {Verb} --help'"
                : $"{Verb}: expected one {what}, got {_positional.Count} arguments");
        }

        return _positional[0];
    }
}

/// <summary>A command line the tool cannot act on; reported as one line with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
