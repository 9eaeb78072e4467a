namespace DeepScale.Experiments.Planning;

/// <summary>
/// A planning request the planner cannot act on: an objective or constraint that needs a training length without
/// one, a budget that is not positive, a search space with no feasible point (the message names the tightest
/// constraint that ruled everything out). The message is one line; the command line reports it with exit code 2.
/// </summary>
public sealed class PlanException : Exception
{
    public PlanException(string message)
        : base(message)
    {
    }

    public PlanException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
