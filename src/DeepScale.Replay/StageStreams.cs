using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>A stage program split into its streams once, shared by every rank that runs it.</summary>
internal sealed class StageStreams
{
    public StageStreams(StageProgram program)
    {
        var byStream = new SortedDictionary<StreamKind, List<int>>();
        foreach (ScheduleOp op in program.Ops)
        {
            if (!byStream.TryGetValue(op.Stream, out List<int>? list))
            {
                byStream[op.Stream] = list = [];
            }

            list.Add(op.Index);
            foreach (int dep in op.Dependencies)
            {
                if (dep >= op.Index)
                {
                    throw new ArgumentException($"Op {op.Index} ({op.Name}) depends on a later op {dep}.", nameof(program));
                }
            }
        }

        ByStream = [.. byStream.Select(kv => (kv.Key, kv.Value.ToArray()))];
        Ops = [.. program.Ops];
        CrossTargets = program.CrossStreamTargets();
    }

    public IReadOnlyList<(StreamKind Stream, int[] Ops)> ByStream { get; }

    public bool[] CrossTargets { get; }

    /// <summary>The program's ops by index, as an array for the replay's inner loop.</summary>
    public ScheduleOp[] Ops { get; }
}
