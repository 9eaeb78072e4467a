namespace DeepScale.Hardware.Collectives;

/// <summary>
/// NCCL's wire protocols. LL sends 8-byte lines of 4 data bytes and a 4-byte flag (lowest latency, half the bytes
/// useful); LL128 sends 128-byte lines with 120 data bytes; Simple sends plain data with a fence and flag per
/// slice (highest latency, full bandwidth). See NVIDIA/nccl src/graph/tuning.cc for NCCL's cost of each.
/// </summary>
public enum NcclProtocol
{
    LL,
    LL128,
    Simple,
}
