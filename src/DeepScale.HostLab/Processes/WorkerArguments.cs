using System.Globalization;

namespace DeepScale.HostLab.Processes;

/// <summary>The <c>--name value</c> arguments of a worker verb, with lookups that name the missing or bad option.</summary>
internal sealed class WorkerArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private WorkerArguments(string verb) => Verb = verb;

    public string Verb { get; }

    public static WorkerArguments Parse(string verb, string[] args)
    {
        var parsed = new WorkerArguments(verb);
        for (int i = 0; i < args.Length; i += 2)
        {
            string name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"{verb}: expected '--name value' pairs, got '{name}'");
            }

            parsed._values[name[2..]] = args[i + 1];
        }

        return parsed;
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"{Verb}: --{name} is required");

    public int Integer(string name)
    {
        string text = Text(name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{Verb}: --{name} '{text}' is not an integer");
    }

    public double Number(string name)
    {
        string text = Text(name);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{Verb}: --{name} '{text}' is not a number");
    }
}
