namespace DeepScale.HostLab.Training;

/// <summary>How an injected worker fault shows itself.</summary>
public enum WorkerFaultKind
{
    /// <summary>The worker process exits abruptly (its sockets close; peers see the close at once).</summary>
    Crash,

    /// <summary>The worker stops making progress but stays alive (peers only notice by their timeout).</summary>
    Hang,
}
