using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Resources;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Replay;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// Predicts the real CPU trainer on this machine from a spec of the <c>host</c> system: the catalog's calibrated
/// <c>host-cpu</c> profile times every operator as CPU kernels, the training schedule is built as for any cluster,
/// and a full replay (<see cref="ScenarioRunner"/>) runs every worker as a process on the host's shared cores, with
/// the gradient all-reduce as loopback ring steps on the same cores. Storage reads and other traffic go over the
/// host's topology as in any replay.
/// </summary>
public static class HostPredictor
{
    /// <summary>
    /// The spec at <paramref name="specPath"/> with K workers: <c>cluster.gpus_per_node</c> = K and
    /// <c>training.global_batch</c> = K × micro-batch (one micro-batch per worker per step, as the trainer runs).
    /// </summary>
    public static Scenario Load(string specPath, int workers, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(specPath);
        ArgumentNullException.ThrowIfNull(catalog);
        if (workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, $"host_validation.workers: {workers} must be at least 1");
        }

        SpecDocument spec = ScenarioLoader.ParseFile(specPath);
        int microBatch = ScenarioLoader.Resolve(spec, catalog).Layout.MicroBatch;
        spec = ScenarioLoader.ApplyOverride(spec, string.Create(CultureInfo.InvariantCulture, $"cluster.gpus_per_node={workers}"));
        spec = ScenarioLoader.ApplyOverride(spec, string.Create(CultureInfo.InvariantCulture, $"training.global_batch={workers * microBatch}"));
        return ScenarioLoader.Resolve(spec, catalog);
    }

    /// <summary>Predicts one step of <paramref name="scenario"/> (a scenario of the host-cpu device).</summary>
    public static HostPrediction Predict(Scenario scenario, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        if (scenario.Cluster.Accelerator.Id != HostCpuDevice.Id)
        {
            throw scenario.ErrorAt("cluster.gpu", $"host validation predicts the {HostCpuDevice.Id} device, not {scenario.Cluster.Accelerator.Id}");
        }

        ReplayOutput replay = ScenarioRunner.Run(scenario, new RunOptions { Catalog = catalog, Fidelity = Fidelity.Full }).Replay
            ?? throw new InvalidOperationException("a full-fidelity run returns its replay");
        TrainingLayout layout = scenario.Layout;
        Duration Part(TimeCategory c) => replay.Breakdown.Parts[(int)c];
        Duration forward = Part(TimeCategory.Forward);
        Duration backward = Part(TimeCategory.Backward) + Part(TimeCategory.Recompute);
        Duration allReduce = Part(TimeCategory.ExposedDpComm);
        Duration optimizer = Part(TimeCategory.Optimizer);
        Duration data = Part(TimeCategory.DataStall);
        Duration other = replay.IterationTime - forward - backward - allReduce - optimizer - data;
        return new HostPrediction(layout.Data, ModelName(scenario.Model), replay.IterationTime, forward, backward, allReduce, optimizer, data,
            Duration.Max(Duration.Zero, other));
    }

    /// <summary>"mlp-32-512-512-10" for an MLP (its widths from input to output), the model's id otherwise.</summary>
    public static string ModelName(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is MlpModel m
            ? "mlp-" + string.Join("-", new[] { m.InputFeatures }.Concat(m.HiddenSizes.IsDefault ? [] : m.HiddenSizes).Append(m.OutputFeatures)
                .Select(w => w.ToString(CultureInfo.InvariantCulture)))
            : model.Id;
    }
}
