using System.Collections.Immutable;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// What to build: a system preset from the catalog, how many nodes, and any overrides of the preset (the
/// <c>cluster:</c> block of an experiment spec). Immutable; <see cref="ClusterBuilder"/> validates it and reports
/// errors by field path (<c>cluster.gpus_per_node</c>, <c>cluster.scale_out.link</c>, ...).
/// </summary>
/// <param name="System">Catalog system id (e.g. <c>dgx-a100-80gb</c>).</param>
/// <param name="Nodes">Number of nodes; null derives it from <see cref="Gpus"/> or defaults to 1.</param>
public sealed record ClusterSpec(string System, int? Nodes = null)
{
    /// <summary>Total accelerators; must be a multiple of the GPUs per node. Null: nodes × GPUs per node.</summary>
    public int? Gpus { get; init; }

    /// <summary>Accelerators per node, overriding the preset (e.g. 2 GPUs of a DGX).</summary>
    public int? GpusPerNode { get; init; }

    /// <summary>Accelerator id replacing the preset's (e.g. a DGX A100 with 40 GB parts).</summary>
    public string? Gpu { get; init; }

    /// <summary>Scale-out overrides; null keeps the preset's NICs and its default topology.</summary>
    public ScaleOutSpec? ScaleOut { get; init; }

    /// <summary>Storage tiers; null gives each node its local NVMe only.</summary>
    public ImmutableArray<StorageTierSpec>? Storage { get; init; }

    /// <summary>TPU slice shape (x, y, z) overriding the preset's; the product must equal the chip count.</summary>
    public ImmutableArray<int>? TorusShape { get; init; }
}
