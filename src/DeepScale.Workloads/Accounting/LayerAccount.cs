using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>One layer's operators on one rank for one micro-batch, with their sums.</summary>
/// <param name="Index">Position in the model (0 = first).</param>
/// <param name="Name">e.g. <c>embedding</c>, <c>layer.12</c>, <c>head</c>.</param>
/// <param name="Kind">The layer's role.</param>
/// <param name="Operators">Operators in forward execution order.</param>
public sealed record LayerAccount(int Index, string Name, LayerKind Kind, ImmutableArray<Operator> Operators)
{
    /// <summary>
    /// Extra activation bytes the layer materializes while its backward recomputes (the activations the policy did
    /// not keep); they live only during this layer's backward.
    /// </summary>
    public Bytes RecomputeWorkingSet { get; init; }

    public long Parameters => Operators.Sum(o => o.Parameters);

    public long TiedParameters => Operators.Sum(o => o.TiedParameters);

    public Bytes SavedActivations => new(Operators.Sum(o => o.SavedActivations.Count));

    public FlopCount ModelFlops => new(Operators.Sum(o => o.ModelFlops.Flops));

    public FlopCount HardwareFlops => new(Operators.Sum(o => o.HardwareFlops.Flops));
}
