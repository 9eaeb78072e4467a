namespace DeepScale.Experiments.Reports;

/// <summary>The charts a sweep report can draw.</summary>
public enum ReportChartKind
{
    /// <summary>Throughput vs GPUs (log2) with ideal scaling, one line per series.</summary>
    Throughput,

    /// <summary>Scaling efficiency vs GPUs.</summary>
    ScalingEfficiency,

    /// <summary>MFU vs GPUs.</summary>
    Mfu,

    /// <summary>Throughput vs a numeric sweep axis (averaging period, micro-batch, …), one line per combination of the
    /// other axes.</summary>
    ThroughputVsAxis,

    /// <summary>Share of the iteration spent waiting for data vs GPUs, one line per series.</summary>
    DataStall,

    /// <summary>Iteration-time breakdown, one stacked bar per configuration.</summary>
    IterationBreakdown,

    /// <summary>Peak memory per GPU by part against the device capacity, one bar per configuration.</summary>
    MemoryBreakdown,

    /// <summary>Cost vs time to train the report's job, with the Pareto front.</summary>
    CostVsTime,

    /// <summary>Predicted vs published values per reference row.</summary>
    PredictedVsPublished,

    /// <summary>Per-rank timeline of one iteration of the best configuration (needs a new simulation with a trace).</summary>
    Timeline,
}
