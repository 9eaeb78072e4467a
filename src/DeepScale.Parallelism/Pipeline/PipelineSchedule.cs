namespace DeepScale.Parallelism.Pipeline;

/// <summary>
/// The order of forward and backward steps on each stage of a pipeline of <c>p</c> stages running <c>m</c>
/// micro-batches over <c>v</c> model chunks per device. The order follows Megatron-LM's schedules
/// (<c>forward_backward_pipelining_without_interleaving</c> and <c>…_with_interleaving</c>): the bubble and the
/// number of micro-batches in flight are not computed here but emerge when a replay runs these orders with their
/// cross-stage dependencies.
/// </summary>
public static class PipelineSchedule
{
    /// <summary>The compute order of <paramref name="stage"/>.</summary>
    public static IReadOnlyList<PipelineAction> ForStage(PipelineScheduleKind kind, int stages, int microbatches, int chunks, int stage)
    {
        Validate(kind, stages, microbatches, chunks, stage);
        return kind switch
        {
            PipelineScheduleKind.GPipe => GPipe(microbatches),
            PipelineScheduleKind.OneFOneB => OneFOneB(stages, microbatches, stage),
            PipelineScheduleKind.Interleaved1F1B => Interleaved(stages, microbatches, chunks, stage),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Checks the shape a schedule needs; the messages name the spec fields.</summary>
    public static void Validate(PipelineScheduleKind kind, int stages, int microbatches, int chunks, int stage)
    {
        if (stages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stages), stages, "parallelism.pipeline: must be at least 1");
        }

        if (microbatches < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(microbatches), microbatches, "training.global_batch: gives no micro-batch per pipeline");
        }

        if (chunks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "parallelism.virtual_stages: must be at least 1");
        }

        if (stage < 0 || stage >= stages)
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, $"stage must lie in [0, {stages})");
        }

        if (kind != PipelineScheduleKind.Interleaved1F1B && chunks != 1)
        {
            throw new ArgumentException($"parallelism.virtual_stages: {chunks} needs schedule interleaved-1f1b", nameof(chunks));
        }

        if (kind == PipelineScheduleKind.Interleaved1F1B && stages > 1 && microbatches % stages != 0)
        {
            throw new ArgumentException(
                $"parallelism.schedule: interleaved-1f1b needs the micro-batches per pipeline ({microbatches}) to be a multiple of the pipeline size ({stages})",
                nameof(microbatches));
        }
    }

    private static List<PipelineAction> GPipe(int m)
    {
        var actions = new List<PipelineAction>(2 * m);
        for (int i = 0; i < m; i++)
        {
            actions.Add(new PipelineAction(true, i, 0));
        }

        for (int i = 0; i < m; i++)
        {
            actions.Add(new PipelineAction(false, i, 0));
        }

        return actions;
    }

    private static List<PipelineAction> OneFOneB(int p, int m, int s)
    {
        int warmup = Math.Min(p - s - 1, m);
        var actions = new List<PipelineAction>(2 * m);
        for (int i = 0; i < warmup; i++)
        {
            actions.Add(new PipelineAction(true, i, 0));
        }

        for (int i = 0; i < m - warmup; i++)
        {
            actions.Add(new PipelineAction(true, warmup + i, 0));
            actions.Add(new PipelineAction(false, i, 0));
        }

        for (int i = m - warmup; i < m; i++)
        {
            actions.Add(new PipelineAction(false, i, 0));
        }

        return actions;
    }

    private static List<PipelineAction> Interleaved(int p, int m, int v, int s)
    {
        int total = m * v;
        int warmup = m == p ? total : Math.Min(((p - s - 1) * 2) + ((v - 1) * p), total);
        var actions = new List<PipelineAction>(2 * total);
        for (int k = 0; k < warmup; k++)
        {
            actions.Add(Step(k, forward: true));
        }

        for (int i = 0; i < total - warmup; i++)
        {
            actions.Add(Step(warmup + i, forward: true));
            actions.Add(Step(i, forward: false));
        }

        for (int k = total - warmup; k < total; k++)
        {
            actions.Add(Step(k, forward: false));
        }

        return actions;

        // The k-th forward (or backward) step: micro-batches go through the chunks in groups of p, chunk by chunk;
        // backward steps visit the chunks in reverse.
        PipelineAction Step(int k, bool forward)
        {
            int inGroup = k % (p * v);
            int chunk = inGroup / p;
            int microbatch = (k / (p * v) * p) + (inGroup % p);
            return new PipelineAction(forward, microbatch, forward ? chunk : v - 1 - chunk);
        }
    }
}
