namespace DeepScale.HostLab.Kernels;

/// <summary>Why a loopback ring stopped: what a <see cref="RingPeerException"/> reports.</summary>
public enum RingFailure
{
    /// <summary>A neighbour did not publish its port, connect or greet within the timeout.</summary>
    Rendezvous,

    /// <summary>A neighbour closed its connection: its process has almost certainly exited.</summary>
    Closed,

    /// <summary>The connection was reset or failed at the socket level.</summary>
    Reset,

    /// <summary>No byte moved in either direction for the whole timeout: a neighbour is hung or gone.</summary>
    Timeout,
}
