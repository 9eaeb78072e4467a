namespace DeepScale.HostLab.Processes;

/// <summary>
/// One or more worker processes failed, hung past the deadline, or could not start. The message lists every
/// worker that did not finish cleanly, by rank, with its exit code and the last lines it wrote to stderr.
/// </summary>
public sealed class WorkerFailureException(string message, Exception? inner = null) : Exception(message, inner);
