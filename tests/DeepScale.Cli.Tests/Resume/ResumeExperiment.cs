namespace DeepScale.Cli.Tests.Resume;

/// <summary>
/// The experiment the resume tests interrupt: 24 symmetric-fidelity points of GPT-3 1.7B (2 × 2 × 3 × 2 layouts,
/// a few hundred milliseconds each on one job), slow enough to be killed between checkpoints, quick enough to
/// run three times in a test.
/// </summary>
internal static class ResumeExperiment
{
    public const int Points = 24;

    public const string FileName = "experiment.yaml";

    public const string Yaml = """
        # Interrupted and resumed by the CLI tests.
        name: resume-under-test
        base:
          name: gpt3-1.7b
          model: { preset: gpt3-1.7b }
          cluster: { system: dgx-a100-80gb, nodes: 4 }
          parallelism: { pipeline: 8 }
          training: { global_batch: 1024, micro_batch: 1 }
          fidelity: symmetric
        sweep:
          cluster.nodes: [4, 8]
          parallelism.tensor: [1, 2]
          training.micro_batch: [1, 2, 4]
          training.global_batch: [1024, 2048]
        """;

    /// <summary>The arguments of the sweep, one job so the points finish one after another.</summary>
    public static string[] Arguments(params string[] more) => ["sweep", FileName, "--out", "results/run", "--jobs", "1", .. more];

    /// <summary>Writes the experiment into <paramref name="folder"/>.</summary>
    public static void WriteInto(string folder) => File.WriteAllText(Path.Combine(folder, FileName), Yaml.ReplaceLineEndings("\n") + "\n");
}
