namespace DeepScale.Workloads.Memory;

/// <summary>
/// How many micro-batches' activations a pipeline stage holds at its peak, by schedule, in units of one
/// micro-batch through the whole stage (Narayanan et al. 2021 Sec. 2.2; Korthikanti et al. 2022 Sec. 4.2.3).
/// </summary>
public static class InFlightMicrobatches
{
    /// <summary>GPipe runs all m forward passes before any backward: every stage keeps all m.</summary>
    public static double Gpipe(int microbatches)
    {
        Require(microbatches >= 1, "training.microbatches", microbatches, "must be at least 1");
        return microbatches;
    }

    /// <summary>1F1B (PipeDream-Flush): stage i (0-based) of p warms up with p − i forward passes, so holds min(p − i, m).</summary>
    public static double OneForwardOneBackward(int pipelineStages, int stage, int microbatches)
    {
        RequireStage(pipelineStages, stage, microbatches);
        return Math.Min(pipelineStages - stage, microbatches);
    }

    /// <summary>
    /// Interleaved 1F1B with v model chunks per device (Megatron): stage i warms up with (p − i − 1)·2 + (v − 1)·p
    /// chunk forward passes plus the one in steady state, each 1/v of the stage, capped at all m·v chunks. For the
    /// first stage this is p·(1 + (p − 1)/(p·v)) micro-batches, Korthikanti et al. 2022 Eq. 3. With exactly p
    /// micro-batches Megatron's schedule runs every forward pass before the first backward (its warm-up is all
    /// m·v chunk passes), so every stage then holds all m.
    /// </summary>
    public static double Interleaved(int pipelineStages, int virtualStages, int stage, int microbatches)
    {
        RequireStage(pipelineStages, stage, microbatches);
        Require(virtualStages >= 2, "parallelism.virtual_stages", virtualStages, "must be at least 2 for an interleaved schedule (use 1F1B for 1)");
        if (microbatches == pipelineStages)
        {
            return microbatches;
        }

        double chunks = (((double)pipelineStages - stage - 1) * 2) + (((double)virtualStages - 1) * pipelineStages) + 1;
        return Math.Min(chunks, (double)microbatches * virtualStages) / virtualStages;
    }

    private static void RequireStage(int pipelineStages, int stage, int microbatches)
    {
        Require(pipelineStages >= 1, "parallelism.pipeline", pipelineStages, "must be at least 1");
        Require(stage >= 0 && stage < pipelineStages, "parallelism.stage", stage, $"must be in 0..{pipelineStages - 1}");
        Require(microbatches >= 1, "training.microbatches", microbatches, "must be at least 1");
    }

    private static void Require(bool ok, string field, int value, string constraint)
    {
        if (!ok)
        {
            throw new Models.WorkloadSpecException(field, $"{value} {constraint}");
        }
    }
}
