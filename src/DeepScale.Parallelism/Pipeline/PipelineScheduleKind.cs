namespace DeepScale.Parallelism.Pipeline;

/// <summary>The order in which a pipeline stage runs the forward and backward passes of its micro-batches.</summary>
public enum PipelineScheduleKind
{
    /// <summary>All forward passes, then all backward passes (Huang et al. 2019): every activation is kept.</summary>
    GPipe,

    /// <summary>
    /// One forward, one backward (PipeDream-Flush, Narayanan et al. 2021 Sec. 2.2.1): after a warm-up of
    /// p − s − 1 forwards, stage s alternates, keeping at most p − s micro-batches of activations.
    /// </summary>
    OneFOneB,

    /// <summary>
    /// Interleaved 1F1B (Narayanan et al. 2021 Sec. 2.2.2): each device holds v model chunks and cycles through
    /// them, shrinking the bubble by v at the cost of v times more point-to-point traffic.
    /// </summary>
    Interleaved1F1B,
}
