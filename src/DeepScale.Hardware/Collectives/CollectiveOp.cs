namespace DeepScale.Hardware.Collectives;

/// <summary>A collective communication operation (the NCCL set), plus a single point-to-point transfer.</summary>
public enum CollectiveOp
{
    /// <summary>Every rank ends with the element-wise sum of all ranks' buffers of size S.</summary>
    AllReduce,

    /// <summary>Every rank ends with its 1/n share of the sum; S is the whole (input) buffer.</summary>
    ReduceScatter,

    /// <summary>Every rank ends with all ranks' pieces; S is the whole (output) buffer, S/n from each rank.</summary>
    AllGather,

    /// <summary>Every rank sends S/n to every rank; S is one rank's send buffer.</summary>
    AllToAll,

    /// <summary>The root's S bytes reach every rank.</summary>
    Broadcast,

    /// <summary>One rank sends S bytes to another (a group of two: sender, receiver); over n &gt; 2 ranks, every rank
    /// sends S to the next around the ring at once (one step of a ring exchange).</summary>
    SendRecv,
}
