using System.Collections.Immutable;

using DeepScale.Core.Units;

using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The per-layer operator list of a model on one rank for one micro-batch, with the sums: parameters, model and
/// hardware FLOPs, activations. Produced by <see cref="ModelAccountant.Account"/>.
/// </summary>
public sealed record ModelAccount(ModelDescription Model, AccountingOptions Options, ImmutableArray<LayerAccount> Layers)
{
    /// <summary>Every operator in forward execution order.</summary>
    public IEnumerable<Operator> Operators => Layers.SelectMany(l => l.Operators);

    /// <summary>Parameters held on this rank (tensor-parallel shards plus replicated norms and biases).</summary>
    public long ParametersPerRank => Layers.Sum(l => l.Parameters);

    /// <summary>Model FLOPs of one micro-batch on this rank (forward + backward, no recomputation).</summary>
    public FlopCount ModelFlops => new(Layers.Sum(l => l.ModelFlops.Flops));

    /// <summary>Matmul FLOPs the device executes for one micro-batch, including recomputation.</summary>
    public FlopCount HardwareFlops => new(Layers.Sum(l => l.HardwareFlops.Flops));

    /// <summary>Activation bytes kept for backward by one micro-batch through all layers.</summary>
    public Bytes SavedActivations => new(Layers.Sum(l => l.SavedActivations.Count));

    /// <summary>Layers of a kind, in order.</summary>
    public IEnumerable<LayerAccount> LayersOf(LayerKind kind) => Layers.Where(l => l.Kind == kind);
}
