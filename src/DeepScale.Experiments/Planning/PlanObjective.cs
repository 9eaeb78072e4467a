namespace DeepScale.Experiments.Planning;

/// <summary>What the planner ranks plans by.</summary>
public enum PlanObjective
{
    /// <summary>Highest training throughput (samples or tokens per second): shortest iteration.</summary>
    Throughput,

    /// <summary>Lowest total cost of the training job at on-demand prices (needs a token or epoch count and a priced cluster).</summary>
    Cost,

    /// <summary>Shortest wall time to train the job (needs a token or epoch count).</summary>
    TimeToTrain,
}
