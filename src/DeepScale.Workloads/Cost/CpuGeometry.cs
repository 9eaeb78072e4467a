using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// What the CPU kernel model takes as given about a processor rather than fitting it: the cores a kernel may split
/// over, the cache sizes that decide which level a working set streams from, and the GEMM's register tile (MR×NR)
/// and cache blocking (KC, NC).
/// </summary>
/// <param name="Cores">Cores (logical processors) a multi-threaded kernel may use.</param>
/// <param name="L2Cache">Level-2 cache per core: a working set up to this size streams at L2 bandwidth.</param>
/// <param name="LastLevelCache">The share of the last-level cache the cores use; larger working sets stream from DRAM.</param>
/// <param name="RegisterTileRows">MR: rows of C one micro-kernel call computes.</param>
/// <param name="RegisterTileColumns">NR: columns of C one micro-kernel call computes.</param>
/// <param name="BlockDepth">KC: k-block depth of the packed operands.</param>
/// <param name="BlockColumns">NC: columns of B packed per block.</param>
public sealed record CpuGeometry(int Cores, Bytes L2Cache, Bytes LastLevelCache, int RegisterTileRows, int RegisterTileColumns,
    int BlockDepth, int BlockColumns);
