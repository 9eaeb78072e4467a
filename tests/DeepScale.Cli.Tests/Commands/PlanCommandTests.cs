using System.Text.Json;

using DeepScale.Cli.Tests.Invocation;

namespace DeepScale.Cli.Tests.Commands;

/// <summary><c>deepscale plan --json</c>: stdout is one JSON array of the ranked plans, best first.</summary>
[TestClass]
[DoNotParallelize]
public sealed class PlanCommandTests
{
    private const string Spec = """
        name: plan-json
        model: { preset: gpt3-1.7b }
        cluster: { system: dgx-a100-80gb, nodes: 1 }
        training: { global_batch: 16, precision: bf16 }
        """;

    [TestMethod]
    public void Plan_Json_PrintsTheRankedPlansWithSettingsAndResults()
    {
        using var work = new ScratchFolder("plan-json");
        File.WriteAllText(work["spec.yaml"], Spec);

        CliOutcome outcome = CliRunner.InProcess(work.Path, "plan", "spec.yaml", "--objective", "throughput", "--top", "3", "--json", "--out", "out");

        Assert.AreEqual(0, outcome.ExitCode, outcome.ToString());
        using JsonDocument doc = JsonDocument.Parse(outcome.StandardOutput);
        JsonElement plans = doc.RootElement;
        Assert.AreEqual(JsonValueKind.Array, plans.ValueKind);
        Assert.AreEqual(3, plans.GetArrayLength());
        double previous = 0;
        for (int i = 0; i < plans.GetArrayLength(); i++)
        {
            JsonElement plan = plans[i];
            Assert.AreEqual(i + 1, plan.GetProperty("rank").GetInt32());
            JsonElement settings = plan.GetProperty("settings");
            Assert.AreEqual(8, settings.GetProperty("gpus").GetInt32());
            Assert.AreEqual(8, settings.GetProperty("tensor").GetInt32() * settings.GetProperty("pipeline").GetInt32() * settings.GetProperty("data").GetInt32());
            Assert.Contains(settings.GetProperty("recompute").GetString()!, (string[])["none", "selective", "full"]);
            double time = plan.GetProperty("result").GetProperty("iteration_time_s").GetDouble();
            Assert.IsGreaterThanOrEqualTo(previous, time, "best first");
            previous = time;
        }

        Assert.IsTrue(File.Exists(work["out/plans.csv"]));
    }
}
