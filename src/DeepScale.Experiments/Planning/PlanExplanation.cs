using System.Globalization;

using DeepScale.Experiments.Results;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The prose of a plan report, from its result records only: where the winner's iteration goes, and why the
/// runner-up loses — which settings differ and which parts of the iteration (or of the bill) make the difference.
/// </summary>
public static class PlanExplanation
{
    /// <summary>Sentences about the winning plan (empty without plans).</summary>
    public static IReadOnlyList<string> Winner(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Plans.Count == 0)
        {
            return [];
        }

        RankedPlan w = report.Plans[0];
        RunResult r = w.Result;
        var lines = new List<string>
        {
            Invariant($"The winner is {Where(w.Settings)}: {w.Settings.StrategyLabel}. It takes {r.IterationTimeS:0.###} s per iteration ({Throughput(r)}, MFU {r.Mfu:P1}) at {r.Fidelity} fidelity; the analytical estimate was {w.AnalyticalIterationTimeS:0.###} s."),
        };
        if (w.TimeToTrainS is double time)
        {
            lines.Add(Invariant($"The training job ({w.IterationsToTrain:N0} iterations) takes {Days(time)}{(w.CostUsd is double cost ? $" and costs {Usd(cost)}" : "")}."));
        }

        IEnumerable<string> parts = Parts(r.BreakdownS).Where(p => p.Seconds > 0).OrderByDescending(p => p.Seconds)
            .Select(p => Invariant($"{p.Name} {p.Seconds:0.###} s ({p.Seconds / r.IterationTimeS:P0})"));
        lines.Add("Where its time goes: " + string.Join(", ", parts) + ".");
        lines.Add(Invariant($"Its busiest GPU peaks at {r.Memory.PeakGib:0.#} GiB of {r.Memory.CapacityGib:0.#} GiB ({(r.Memory.Fits ? "fits" : "DOES NOT FIT in the replay")})."));
        return lines;
    }

    /// <summary>Sentences about why the second plan ranks below the first (empty with fewer than two plans).</summary>
    public static IReadOnlyList<string> RunnerUp(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Plans.Count < 2)
        {
            return [];
        }

        RankedPlan w = report.Plans[0], u = report.Plans[1];
        var lines = new List<string>();
        IReadOnlyList<string> diff = Differences(w.Settings, u.Settings);
        lines.Add($"The runner-up is {Where(u.Settings)}: {u.Settings.StrategyLabel}. It differs in {(diff.Count == 0 ? "nothing but its sharding" : string.Join(", ", diff))} (winner → runner-up).");
        if (w.Result.Memory.Fits && !u.Result.Memory.Fits)
        {
            lines.Add(Invariant($"It does not fit in the replay: its busiest GPU peaks at {u.Result.Memory.PeakGib:0.#} GiB of {u.Result.Memory.CapacityGib:0.#} GiB."));
        }

        double dt = u.Result.IterationTimeS - w.Result.IterationTimeS;
        var deltas = Parts(u.Result.BreakdownS).Zip(Parts(w.Result.BreakdownS), (a, b) => (a.Name, Delta: a.Seconds - b.Seconds))
            .Where(d => Math.Abs(d.Delta) > 1e-6 * Math.Max(1, w.Result.IterationTimeS))
            .OrderByDescending(d => Math.Abs(d.Delta)).Take(4)
            .Select(d => Invariant($"{(d.Delta > 0 ? "+" : "−")}{Math.Abs(d.Delta):0.###} s {d.Name}")).ToList();
        string why = deltas.Count > 0 ? ": " + string.Join(", ", deltas) : "";
        if (report.Objective == PlanObjective.Cost && w.CostUsd is double wc && u.CostUsd is double uc)
        {
            string rate = Invariant($"{u.Result.Cost.UsdPerHour:0.##} vs {w.Result.Cost.UsdPerHour:0.##} USD/h");
            string iteration = dt > 0 ? "a longer" : dt < 0 ? "a shorter" : "the same";
            lines.Add(Invariant($"It costs {Usd(uc - wc)} more ({(uc - wc) / wc:P1}): {rate} for {iteration} iteration ({u.Result.IterationTimeS:0.###} vs {w.Result.IterationTimeS:0.###} s{why})."));
        }
        else if (dt >= 0)
        {
            lines.Add(Invariant($"It is {dt:0.###} s per iteration slower ({dt / w.Result.IterationTimeS:P1}){why}."));
        }
        else
        {
            lines.Add(Invariant($"It is {-dt:0.###} s per iteration faster but ranks lower{why}."));
        }

        return lines;
    }

    /// <summary>The settings that differ between two plans, as "pipeline 8 → 16".</summary>
    public static IReadOnlyList<string> Differences(PlanSettings a, PlanSettings b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var list = new List<string>();
        void Add<T>(string name, T x, T y)
        {
            if (!EqualityComparer<T>.Default.Equals(x, y))
            {
                list.Add($"{name} {x} → {y}");
            }
        }

        Add("instance", a.CloudInstance ?? a.System, b.CloudInstance ?? b.System);
        Add("GPUs", a.Gpus, b.Gpus);
        Add("tensor", a.Tensor, b.Tensor);
        Add("context", a.Context, b.Context);
        Add("context exchange", a.Context > 1 ? a.ContextCommunicationName : "none", b.Context > 1 ? b.ContextCommunicationName : "none");
        Add("pipeline", a.Pipeline, b.Pipeline);
        Add("data", a.Data, b.Data);
        Add("micro-batch", a.MicroBatch, b.MicroBatch);
        Add("virtual stages", a.VirtualStages, b.VirtualStages);
        Add("sharding", a.Sharding, b.Sharding);
        Add("recompute", a.RecomputeName, b.RecomputeName);
        Add("sequence parallel", a.SequenceParallel ? "on" : "off", b.SequenceParallel ? "on" : "off");
        return list;
    }

    /// <summary>"1.5 days" or "7.2 hours".</summary>
    public static string Days(double seconds) =>
        seconds >= 2 * 86400 ? Invariant($"{seconds / 86400:0.##} days") : Invariant($"{seconds / 3600:0.##} hours");

    /// <summary>"$1,234,567".</summary>
    public static string Usd(double usd) => Invariant($"${usd:N0}");

    private static string Where(PlanSettings s) => s.CloudInstance is { } i
        ? Invariant($"{s.Nodes} × {i} ({s.Gpus} × {s.Accelerator})")
        : Invariant($"{s.Gpus} × {s.Accelerator} ({s.Nodes} × {s.System})");

    private static string Throughput(RunResult r) => r.TokensPerS > 0 ? Invariant($"{r.TokensPerS:N0} tokens/s") : Invariant($"{r.SamplesPerS:N1} samples/s");

    private static (string Name, double Seconds)[] Parts(BreakdownResult b) =>
    [
        ("forward", b.Forward), ("backward", b.Backward), ("recompute", b.Recompute), ("optimizer", b.Optimizer),
        ("pipeline bubble", b.PipelineBubble), ("exposed TP communication", b.ExposedTpComm),
        ("exposed pipeline communication", b.ExposedPpComm), ("exposed data-parallel communication", b.ExposedDpComm),
        ("data stall", b.DataStall),
    ];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
