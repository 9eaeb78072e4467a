namespace DeepScale.Hardware.Topology;

/// <summary>How collectives move bytes between nodes.</summary>
public enum NetworkTransport
{
    /// <summary>RDMA (InfiniBand verbs, RoCE, EFA): the NIC moves the data; ports reach the link's achievable rate.</summary>
    Rdma,

    /// <summary>
    /// TCP sockets (NCCL's socket transport, as on plain Ethernet without RDMA): the host's network stack copies every
    /// byte. NCCL's socket transport reached no more than 60% of wire speed on a 32 Gbit/s network with large
    /// messages (NVIDIA/nccl issue #209, nccl-tests output), so ports carry 0.6 of their line rate.
    /// </summary>
    Sockets,
}
