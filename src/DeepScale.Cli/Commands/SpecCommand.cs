using DeepScale.Experiments.Spec;

namespace DeepScale.Cli.Commands;

/// <summary><c>deepscale spec</c>: every key a spec accepts, with its kind, default and meaning, from the schema the loader checks against.</summary>
public static class SpecCommand
{
    public const string Help = """
        deepscale spec

        Prints every key a scenario spec accepts as a markdown table: the field path, what it holds (the spellings
        of a choice), its default and what it means. It is the same schema the loader checks specs against, so an
        unknown key in a spec is an error that names the nearest known ones.

        Examples:
          deepscale spec
          deepscale spec > spec-keys.md
        """;

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"spec: takes no arguments, got '{cl.Positional[0]}'; run 'deepscale spec --help'");
        }

        Console.Out.Write(SpecSchema.ToMarkdown());
        return 0;
    }
}
