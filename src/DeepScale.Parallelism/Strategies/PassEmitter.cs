using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// Writes the forward and backward passes of one model slice as compute ops cut at the tensor-parallel
/// collectives the operators' sharding requires (Megatron: an all-reduce after the attention and after the MLP in
/// forward, two more in backward; all-gathers and reduce-scatters with sequence parallelism), recomputation before
/// each layer's backward, and the activation memory a micro-batch holds from its forward to its backward.
/// </summary>
internal sealed class PassEmitter
{
    private readonly TrainingLayout _layout;
    private readonly IReadOnlyList<IReadOnlyList<LayerAccount>> _slices;
    private readonly Dictionary<Operator, OperatorTiming> _timing;
    private readonly GradientSync _sync;
    private Segment _segment;

    public PassEmitter(TrainingLayout layout, IReadOnlyList<IReadOnlyList<LayerAccount>> slices, ModelTiming timing, GradientSync sync)
    {
        _layout = layout;
        _slices = slices;
        _sync = sync;
        _timing = new Dictionary<Operator, OperatorTiming>(ReferenceEqualityComparer.Instance);
        foreach (OperatorTiming t in timing.Operators)
        {
            _timing[t.Operator] = t;
        }
    }

    /// <summary>Op indices at which each layer's gradients are complete in the last backward pass written.</summary>
    public List<(LayerAccount Layer, int OpIndex)> LayerGradientsReady { get; } = [];

    public void Write(ProgramWriter writer, PipelineAction action)
    {
        int slice = (action.Chunk * _layout.Pipeline) + writer.Stage;
        IReadOnlyList<LayerAccount> layers = _slices[slice];
        Bytes saved = new(layers.Sum(l => l.SavedActivations.Count));
        if (action.IsForward)
        {
            if (slice == 0)
            {
                // The first slice takes its input batch from the data loader (a stall when none is ready).
                writer.Add(new ScheduleOp
                {
                    Index = 0,
                    Kind = OpKind.TakeBatch,
                    Stream = StreamKind.Compute,
                    Category = TimeCategory.DataStall,
                    Name = "take batch",
                    Microbatch = action.Microbatch,
                });
            }

            Forward(writer, action, layers, saved);
        }
        else
        {
            Backward(writer, action, layers, saved);
        }
    }

    private void Forward(ProgramWriter w, PipelineAction a, IReadOnlyList<LayerAccount> layers, Bytes saved)
    {
        Begin(w, a, "F", TimeCategory.Forward, allocates: saved);
        foreach (LayerAccount layer in layers)
        {
            foreach (Operator op in layer.Operators)
            {
                Exchanges(w, op, ExecutionPhase.Forward, before: true, TimeCategory.ExposedTpComm);
                OperatorTiming t = _timing[op];
                Accumulate(layer, t.Forward, op.IsMatmul ? op.Forward.Flops : FlopCount.Zero, op.IsMatmul ? op.Forward.Flops : FlopCount.Zero);
                Exchanges(w, op, ExecutionPhase.Forward, before: false, TimeCategory.ExposedTpComm);
            }
        }

        Flush(w);
    }

    private void Backward(ProgramWriter w, PipelineAction a, IReadOnlyList<LayerAccount> layers, Bytes saved)
    {
        LayerGradientsReady.Clear();
        Bytes working = new(layers.Count == 0 ? 0 : layers.Max(l => l.RecomputeWorkingSet.Count));
        int first = w.Count;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            LayerAccount layer = layers[i];
            if (_layout.Recompute != RecomputeMode.None && layer.Operators.Any(o => o.Recomputed))
            {
                Begin(w, a, "R", TimeCategory.Recompute, allocates: w.Count == first ? working : Bytes.Zero);
                foreach (Operator op in layer.Operators.Where(o => o.Recomputed))
                {
                    // A fully recomputed layer re-runs its forward, tensor-parallel collectives included.
                    if (_layout.Recompute == RecomputeMode.Full)
                    {
                        Exchanges(w, op, ExecutionPhase.Forward, before: true, TimeCategory.ExposedTpComm);
                    }

                    Accumulate(layer, _timing[op].Recompute, FlopCount.Zero, op.IsMatmul ? op.Forward.Flops : FlopCount.Zero);
                    if (_layout.Recompute == RecomputeMode.Full)
                    {
                        Exchanges(w, op, ExecutionPhase.Forward, before: false, TimeCategory.ExposedTpComm);
                    }
                }

                Flush(w);
            }

            Begin(w, a, "B", TimeCategory.Backward, allocates: w.Count == first ? working : Bytes.Zero);
            for (int k = layer.Operators.Length - 1; k >= 0; k--)
            {
                Operator op = layer.Operators[k];
                Exchanges(w, op, ExecutionPhase.Backward, before: true, TimeCategory.ExposedTpComm);
                OperatorTiming t = _timing[op];
                FlopCount flops = op.IsMatmul ? op.BackwardInput.Flops + op.BackwardWeight.Flops : FlopCount.Zero;
                Accumulate(layer, t.Backward, flops, flops);
                Exchanges(w, op, ExecutionPhase.Backward, before: false, TimeCategory.ExposedTpComm);
            }

            Flush(w);
            LayerGradientsReady.Add((layer, w.Last));
        }

        if (!_layout.GradAccumulationFusion)
        {
            long parameters = layers.Sum(l => l.Parameters);
            w.Compute("grad accumulate", TimeCategory.Backward, _sync.AccumulationTime(parameters),
                FlopCount.Zero, FlopCount.Zero, a.Microbatch, a.Chunk);
        }

        // The micro-batch's activations and the recompute working set are released when its backward ends.
        ScheduleOp last = w.Ops[w.Last];
        w.Replace(last with { Frees = last.Frees + saved + working });
    }

    private void Exchanges(ProgramWriter w, Operator op, ExecutionPhase phase, bool before, TimeCategory category)
    {
        foreach (TensorParallelExchange ex in op.Exchanges)
        {
            if (ex.Phase != phase || ex.BeforeOperator != before)
            {
                continue;
            }

            Flush(w);
            CollectiveOp collective = ex.Kind switch
            {
                ExchangeKind.AllReduce => CollectiveOp.AllReduce,
                ExchangeKind.AllGather => CollectiveOp.AllGather,
                ExchangeKind.ReduceScatter => CollectiveOp.ReduceScatter,
                _ => throw new ArgumentOutOfRangeException(nameof(op), ex.Kind, "unknown tensor-parallel exchange"),
            };
            w.Collective(ExchangeName(collective, op.Name), collective, GroupRole.Tensor, ex.Payload, category,
                microbatch: _segment.Microbatch, chunk: _segment.Chunk, allocates: TakeAllocation());
        }
    }

    private void Begin(ProgramWriter w, PipelineAction a, string phase, TimeCategory category, Bytes allocates)
    {
        Flush(w);
        _segment = new Segment
        {
            Phase = phase,
            Category = category,
            Microbatch = a.Microbatch,
            Chunk = a.Chunk,
            PendingAllocation = allocates,
            FirstLayer = -1,
        };
    }

    private void Accumulate(LayerAccount layer, Duration time, FlopCount model, FlopCount hardware)
    {
        if (_segment.FirstLayer < 0)
        {
            _segment.FirstLayer = layer.Index;
        }

        _segment.LastLayer = layer.Index;
        _segment.Time += time;
        _segment.Model += model;
        _segment.Hardware += hardware;
        _segment.Ops++;
    }

    private Bytes TakeAllocation()
    {
        Bytes a = _segment.PendingAllocation;
        _segment.PendingAllocation = Bytes.Zero;
        return a;
    }

    private void Flush(ProgramWriter w)
    {
        if (_segment.Ops == 0)
        {
            return;
        }

        w.Compute(SegmentName(_segment.Phase, _segment.FirstLayer, _segment.LastLayer), _segment.Category, _segment.Time,
            _segment.Model, _segment.Hardware, _segment.Microbatch, _segment.Chunk, allocates: TakeAllocation());
        _segment.Ops = 0;
        _segment.Time = Duration.Zero;
        _segment.Model = FlopCount.Zero;
        _segment.Hardware = FlopCount.Zero;
        _segment.FirstLayer = -1;
    }

    private readonly Dictionary<(string, int, int), string> _segmentNames = [];
    private readonly Dictionary<(CollectiveOp, string), string> _exchangeNames = [];

    /// <summary>"F L3-5": one string per phase and layer range, shared by every micro-batch.</summary>
    private string SegmentName(string phase, int first, int last)
    {
        if (!_segmentNames.TryGetValue((phase, first, last), out string? name))
        {
            name = first == last ? $"{phase} L{first}" : $"{phase} L{first}-{last}";
            _segmentNames[(phase, first, last)] = name;
        }

        return name;
    }

    private string ExchangeName(CollectiveOp collective, string op)
    {
        if (!_exchangeNames.TryGetValue((collective, op), out string? name))
        {
            name = $"tp {collective} {op}";
            _exchangeNames[(collective, op)] = name;
        }

        return name;
    }

    private struct Segment
    {
        public string Phase;
        public TimeCategory Category;
        public int Microbatch;
        public int Chunk;
        public Bytes PendingAllocation;
        public int FirstLayer;
        public int LastLayer;
        public int Ops;
        public Duration Time;
        public FlopCount Model;
        public FlopCount Hardware;
    }
}
