using System.Collections.Concurrent;

using DeepScale.Core.Units;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The model accountings a search needs, built once each and shared by every cluster and thread: per (tensor size,
/// micro-batch, sequence parallelism, recompute policy) the accounting and its memory table, and per accelerator
/// also its timing as a <see cref="LayerCostTable"/>.
/// </summary>
internal sealed class PlanAccounts(ModelDescription model, TrainingLayout baseLayout)
{
    private readonly ConcurrentDictionary<AccountKey, Lazy<(ModelAccount Account, StagePeakMemory Memory)>> _accounts = new();
    private readonly ConcurrentDictionary<(string Accelerator, AccountKey Key), Lazy<LayerCostTable>> _tables = new();

    public int Accountings => _accounts.Count;

    public StagePeakMemory Memory(AccountKey key) => Entry(key).Memory;

    public LayerCostTable Costs(AccountKey key, ComputeCostModel cost) =>
        _tables.GetOrAdd((cost.Accelerator.Id, key), k => new Lazy<LayerCostTable>(() =>
        {
            ModelAccount account = Entry(k.Key).Account;
            return LayerCostTable.Build(model, account, cost.Time(account), baseLayout.Overlap.Userbuffers(k.Key.SequenceParallel));
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private (ModelAccount Account, StagePeakMemory Memory) Entry(AccountKey key) =>
        _accounts.GetOrAdd(key, k => new Lazy<(ModelAccount, StagePeakMemory)>(() =>
        {
            // The spec's layout with the key's settings: its own rule turns the layout into accounting options.
            ModelAccount account = ModelAccountant.Account(model, (baseLayout with
            {
                MicroBatch = k.MicroBatch,
                Tensor = k.Tensor,
                Context = k.Context,
                ContextCommunication = k.ContextCommunication,
                SequenceParallel = k.SequenceParallel,
                Recompute = k.Recompute,
                Precision = k.Precision,
                OffloadActivations = PlanSearch.OffloadsActivations(baseLayout, k.Recompute),
            }).ToAccountingOptions());
            return (account, StagePeakMemory.Build(account));
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>What an accounting depends on besides the model and the spec's fixed training settings.</summary>
    public readonly record struct AccountKey(int Tensor, int Context, int MicroBatch, bool SequenceParallel, RecomputeMode Recompute, Precision Precision,
        ContextCommunication ContextCommunication = ContextCommunication.P2P);
}
