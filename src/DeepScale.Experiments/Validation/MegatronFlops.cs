using DeepScale.Core.Units;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The FLOP count Megatron-LM reports per training iteration (Narayanan et al. 2021, SC'21, Eq. 3):
/// F = 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)). It counts the GEMMs of the forward pass, the backward pass (twice
/// the forward) and the forward recomputed by full activation recomputation; "achieved TFLOP/s per GPU" is
/// F / (iteration time · GPUs). DeepSpeed's Azure figures use the same formula (shared/refdata/README.md).
/// </summary>
public static class MegatronFlops
{
    /// <summary>FLOPs of one iteration of a GPT model.</summary>
    /// <param name="batch">Global batch B (sequences per iteration).</param>
    /// <param name="sequence">Sequence length s.</param>
    /// <param name="layers">Transformer layers l.</param>
    /// <param name="hidden">Hidden size h.</param>
    /// <param name="vocabulary">Vocabulary size V.</param>
    public static FlopCount PerIteration(long batch, int sequence, int layers, int hidden, int vocabulary) =>
        GemmFlops(96, 16, batch, sequence, layers, hidden, vocabulary);

    /// <summary>
    /// Model FLOPs of one iteration (Korthikanti et al. 2022, Eq. 7): 72·B·s·l·h²·(1 + s/(6h) + V/(12·l·h)), the
    /// forward and backward GEMMs without any recomputation; Model FLOPs Utilization divides their rate by the peak.
    /// </summary>
    public static FlopCount ModelFlopsPerIteration(long batch, int sequence, int layers, int hidden, int vocabulary) =>
        GemmFlops(72, 12, batch, sequence, layers, hidden, vocabulary);

    /// <summary>Achieved FLOP rate per GPU: F / (iteration time · GPUs).</summary>
    public static FlopRate AchievedPerGpu(FlopCount perIteration, Duration iteration, int gpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpus);
        if (iteration <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "the iteration time must be positive");
        }

        return perIteration / iteration / gpus;
    }

    /// <summary>c·B·s·l·h²·(1 + s/(6h) + V/(d·l·h)): the GEMM FLOPs of both counts, which differ in c (passes × 24) and d.</summary>
    private static FlopCount GemmFlops(double coefficient, double vocabularyDivisor, long batch, int sequence, int layers, int hidden, int vocabulary)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        double s = sequence;
        double l = layers;
        double h = hidden;
        return new FlopCount(coefficient * batch * s * l * h * h * (1 + (s / (6 * h)) + (vocabulary / (vocabularyDivisor * l * h))));
    }
}
