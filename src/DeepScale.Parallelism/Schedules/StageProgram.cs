namespace DeepScale.Parallelism.Schedules;

/// <summary>
/// The operations one rank of a pipeline stage issues in one training iteration, in issue order. Every rank of the
/// stage (all tensor ranks, all data replicas) runs the same program; a full replay runs it once per rank, a
/// symmetric replay once per stage.
/// </summary>
public sealed record StageProgram(int Stage, IReadOnlyList<ScheduleOp> Ops)
{
    /// <summary>Ops whose completion another stream waits for (the replay signals only those).</summary>
    public bool[] CrossStreamTargets()
    {
        var targets = new bool[Ops.Count];
        foreach (ScheduleOp op in Ops)
        {
            foreach (int dep in op.Dependencies)
            {
                if (Ops[dep].Stream != op.Stream)
                {
                    targets[dep] = true;
                }
            }
        }

        return targets;
    }
}
