namespace DeepScale.HostLab.Kernels;

/// <summary>
/// A loopback ring could not be formed or a transfer over it failed. The message names this rank, the peer, the
/// phase and what happened, so that a dead or hung worker is reported rather than waited for.
/// </summary>
public sealed class RingPeerException(RingFailure failure, int rank, int peerRank, string message, Exception? inner = null)
    : IOException(message, inner)
{
    /// <summary>What went wrong.</summary>
    public RingFailure Failure { get; } = failure;

    /// <summary>The rank that observed the failure.</summary>
    public int Rank { get; } = rank;

    /// <summary>The neighbour the failure concerns.</summary>
    public int PeerRank { get; } = peerRank;
}
