using System.Collections.Immutable;

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
    private readonly ShardedParameters _sharding;
    private readonly SliceTotals[] _totals;
    private Segment _segment;

    public PassEmitter(TrainingLayout layout, IReadOnlyList<IReadOnlyList<LayerAccount>> slices, ModelTiming timing, GradientSync sync,
        ShardedParameters sharding)
    {
        _layout = layout;
        _slices = slices;
        _sync = sync;
        _sharding = sharding;
        _timing = new Dictionary<Operator, OperatorTiming>(ReferenceEqualityComparer.Instance);
        foreach (OperatorTiming t in timing.Operators)
        {
            _timing[t.Operator] = t;
        }

        _totals = [.. slices.Select(SliceTotals.Of)];
    }

    /// <summary>Op indices at which each layer's gradients are complete in the last backward pass written.</summary>
    public List<(LayerAccount Layer, int OpIndex)> LayerGradientsReady { get; } = [];

    public void Write(ProgramWriter writer, PipelineAction action)
    {
        int slice = (action.Chunk * _layout.Pipeline) + writer.Stage;
        IReadOnlyList<LayerAccount> layers = _slices[slice];
        Bytes saved = _totals[slice].Saved;
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
            Backward(writer, action, layers, _totals[slice], saved);
        }
    }

    private void Forward(ProgramWriter w, PipelineAction a, IReadOnlyList<LayerAccount> layers, Bytes saved)
    {
        Begin(w, a, "F", TimeCategory.Forward, allocates: saved);
        int previousLayerEnd = -1;
        int twoLayersBackEnd = -1;
        foreach (LayerAccount layer in layers)
        {
            int layerStart = w.Count;
            GatherParameters(w, layer, twoLayersBackEnd, "F");
            foreach (Operator op in layer.Operators)
            {
                if (OverlapSteps(op, ExecutionPhase.Forward) is { Length: > 0 } steps)
                {
                    Overlapped(w, layer, op, steps, Pass.Forward);
                    continue;
                }

                Exchanges(w, op, ExecutionPhase.Forward, before: true, TimeCategory.ExposedTpComm);
                OperatorTiming t = _timing[op];
                Accumulate(layer, t.Forward, op.IsMatmul ? op.Forward.Flops : FlopCount.Zero, op.IsMatmul ? op.Forward.Flops : FlopCount.Zero);
                Exchanges(w, op, ExecutionPhase.Forward, before: false, TimeCategory.ExposedTpComm);
            }

            if (Zero3)
            {
                Flush(w);
                twoLayersBackEnd = previousLayerEnd;
                previousLayerEnd = w.Count > layerStart ? w.Last : previousLayerEnd;
            }
        }

        Flush(w);
        AwaitOverlapped(w);
    }

    private void Backward(ProgramWriter w, PipelineAction a, IReadOnlyList<LayerAccount> layers, SliceTotals totals, Bytes saved)
    {
        LayerGradientsReady.Clear();
        Bytes working = totals.Working;
        int first = w.Count;
        int previousLayerEnd = -1;
        int twoLayersBackEnd = -1;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            LayerAccount layer = layers[i];
            int gather = -1;
            if (Zero3)
            {
                Begin(w, a, "B", TimeCategory.Backward, allocates: w.Count == first ? working : Bytes.Zero);
                gather = GatherParameters(w, layer, twoLayersBackEnd, "B");
            }

            Operator[] recomputed = totals.Recomputed[i];
            if (_layout.Recompute != RecomputeMode.None && recomputed.Length > 0)
            {
                Begin(w, a, "R", TimeCategory.Recompute, allocates: w.Count == first ? working : Bytes.Zero);
                if (gather >= 0 && _layout.Overlap.ParamGather)
                {
                    _segment.Dependency = gather;
                }

                foreach (Operator op in recomputed)
                {
                    // A fully recomputed layer re-runs its forward, tensor-parallel collectives included.
                    if (_layout.Recompute == RecomputeMode.Full && OverlapSteps(op, ExecutionPhase.Forward) is { Length: > 0 } steps)
                    {
                        Overlapped(w, layer, op, steps, Pass.Recompute);
                        continue;
                    }

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
                AwaitOverlapped(w);
            }

            Begin(w, a, "B", TimeCategory.Backward, allocates: w.Count == first ? working : Bytes.Zero);
            if (gather >= 0 && _layout.Overlap.ParamGather)
            {
                _segment.Dependency = gather;
            }

            for (int k = layer.Operators.Length - 1; k >= 0; k--)
            {
                Operator op = layer.Operators[k];
                if (OverlapSteps(op, ExecutionPhase.Backward) is { Length: > 0 } steps)
                {
                    Overlapped(w, layer, op, steps, Pass.Backward);
                    continue;
                }

                Exchanges(w, op, ExecutionPhase.Backward, before: true, TimeCategory.ExposedTpComm);
                OperatorTiming t = _timing[op];
                FlopCount flops = op.IsMatmul ? op.BackwardInput.Flops + op.BackwardWeight.Flops : FlopCount.Zero;
                Accumulate(layer, t.Backward, flops, flops);
                Exchanges(w, op, ExecutionPhase.Backward, before: false, TimeCategory.ExposedTpComm);
            }

            Flush(w);
            AwaitOverlapped(w);
            LayerGradientsReady.Add((layer, w.Last));
            twoLayersBackEnd = previousLayerEnd;
            previousLayerEnd = w.Last;
            if (Zero3)
            {
                // ZeRO-3 / FSDP reduce-scatter every micro-batch's gradients of the layer as soon as they exist.
                ReduceScatterGradients(w, layer, a);
            }
        }

        if (!_layout.GradAccumulationFusion)
        {
            long parameters = totals.Parameters;
            w.Compute("grad accumulate", TimeCategory.Backward, _sync.AccumulationTime(parameters),
                FlopCount.Zero, FlopCount.Zero, a.Microbatch, a.Chunk);
        }

        // The micro-batch's activations and the recompute working set are released when its backward's compute
        // ends (not when the gradient reduce-scatters behind it on the data stream finish).
        int end = w.Last;
        while (end > first && w.Ops[end].Stream != StreamKind.Compute)
        {
            end--;
        }

        ScheduleOp last = w.Ops[end];
        w.Replace(last with { Frees = last.Frees + saved + working });
    }

    /// <summary>ZeRO stage 3 / FSDP full sharding: every layer's parameters are gathered before each use.</summary>
    private bool Zero3 => _sharding.Active;

    /// <summary>
    /// The all-gather of a layer's 16-bit parameter shards before its forward (or recompute and backward), one
    /// collective or one per tensor (<see cref="ZeroGranularity"/>). With <c>overlap.param_gather</c> it runs on the
    /// parameter stream as soon as the layer two back has finished, so it overlaps the previous layer's compute and at
    /// most two layers are gathered at once (FSDP's forward and backward prefetch); otherwise the compute stream waits
    /// for it. Returns the index of its last op, or −1 when nothing is gathered.
    /// </summary>
    private int GatherParameters(ProgramWriter w, LayerAccount layer, int startAfter, string phase)
    {
        if (!Zero3 || layer.Parameters <= 0)
        {
            return -1;
        }

        Flush(w);
        bool overlap = _layout.Overlap.ParamGather;
        StreamKind stream = overlap ? StreamKind.ParamComm : StreamKind.Compute;
        int last = -1;
        foreach (long elements in _sharding.Pieces(layer))
        {
            Bytes bytes = _sharding.GatherBytes(elements);
            ImmutableArray<int> after = overlap && last < 0 && startAfter >= 0 ? [startAfter] : [];
            last = w.Collective($"zero3 gather {phase}", CollectiveOp.AllGather, GroupRole.Data, bytes, TimeCategory.ExposedDpComm,
                stream, after, _segment.Microbatch, _segment.Chunk, allocates: overlap ? Bytes.Zero : TakeAllocation());
            Duration copies = _sharding.ListCopies(bytes);
            if (copies > Duration.Zero)
            {
                last = w.Compute($"zero3 gather {phase} copy-out", TimeCategory.ExposedDpComm, copies, FlopCount.Zero, FlopCount.Zero,
                    _segment.Microbatch, _segment.Chunk, stream);
            }
        }

        if (overlap)
        {
            _segment.Dependency = last;
        }

        return last;
    }

    /// <summary>The reduce-scatter of a layer's gradients on the data stream, after its backward.</summary>
    private void ReduceScatterGradients(ProgramWriter w, LayerAccount layer, PipelineAction a)
    {
        int after = w.Last;
        foreach (long elements in _sharding.Pieces(layer))
        {
            Bytes bytes = _sharding.ReduceBytes(elements);
            Duration copies = _sharding.ListCopies(bytes);
            if (copies > Duration.Zero)
            {
                w.Compute("zero3 grad copy-in", TimeCategory.ExposedDpComm, copies, FlopCount.Zero, FlopCount.Zero,
                    a.Microbatch, a.Chunk, StreamKind.DataComm, [after]);
            }

            w.Collective("zero3 grad reduce-scatter", CollectiveOp.ReduceScatter, GroupRole.Data, bytes, TimeCategory.ExposedDpComm,
                StreamKind.DataComm, [after], a.Microbatch, a.Chunk);
        }
    }

    /// <summary>The overlapped steps of an operator's phase (<c>overlap.tp_comm</c>, a context ring); empty when its collectives block.</summary>
    private OverlapStep[] OverlapSteps(Operator op, ExecutionPhase phase)
    {
        if (op.Exchanges.IsDefaultOrEmpty)
        {
            return [];
        }

        Dictionary<Operator, OverlapStep[]> cache = phase == ExecutionPhase.Forward ? _forwardSteps : _backwardSteps;
        if (!cache.TryGetValue(op, out OverlapStep[]? steps))
        {
            steps = TensorCommOverlap.Steps(op, phase, _layout.Overlap.Userbuffers(_layout.SequenceParallel), _layout.Overlap.TpComm && _layout.Tensor > 1);
            cache[op] = steps;
        }

        return steps;
    }

    /// <summary>
    /// An operator whose tensor-parallel collectives run beside its GEMMs (<see cref="TensorCommOverlap"/>): each
    /// collective on the tensor stream, started when the compute before it ends; pipelined steps as one collective
    /// and one GEMM per chunk; whatever computes next waits for the last collective.
    /// </summary>
    private void Overlapped(ProgramWriter w, LayerAccount layer, Operator op, OverlapStep[] steps, Pass pass)
    {
        OperatorTiming t = _timing[op];
        foreach (OverlapStep step in steps)
        {
            (Duration time, FlopCount model, FlopCount hardware) = step.Work switch
            {
                OverlapWork.Forward => pass == Pass.Recompute
                    ? (t.Recompute, FlopCount.Zero, op.Forward.Flops)
                    : (t.Forward, op.Forward.Flops, op.Forward.Flops),
                OverlapWork.BackwardInput => (t.BackwardInput, op.BackwardInput.Flops, op.BackwardInput.Flops),
                _ => (t.BackwardWeight, op.BackwardWeight.Flops, op.BackwardWeight.Flops),
            };
            if (step.Shape == OverlapShape.Alone)
            {
                Accumulate(layer, time, model, hardware);
                continue;
            }

            Flush(w);
            CollectiveOp collective = TensorCommOverlap.CollectiveOf(step);
            ExchangeGroup group = step.Exchange!.Group;
            string name = ExchangeName(collective, op.Name, group);
            int previous = w.LastOn(StreamKind.Compute);
            ImmutableArray<int> afterPrevious = previous >= 0 ? [previous] : [];
            int channels = TensorCommOverlap.Channels(step, _layout.Overlap.Userbuffers(_layout.SequenceParallel));
            Bytes payload = TensorCommOverlap.Payload(step, _layout.Tensor);
            int n = TensorCommOverlap.Chunks(step.Shape, TensorCommOverlap.GroupSize(step, _layout.Tensor));
            int Exchange(ImmutableArray<int> after, Bytes allocates) => w.Collective(name, collective, group.Role(), payload,
                TimeCategory.ExposedTpComm, StreamKind.TensorComm, after, _segment.Microbatch, _segment.Chunk, allocates, channels: channels);
            switch (step.Shape)
            {
                case OverlapShape.Beside:
                    int c = Exchange(afterPrevious, TakeAllocation());
                    Accumulate(layer, time, model, hardware);
                    Flush(w);
                    w.Await(c);
                    break;

                case OverlapShape.FeedsCompute:
                    // Ring exchange: step i brings chunk i while chunk i − 1 computes; the local chunk 0 needs none.
                    int arrived = -1;
                    for (int i = 0; i < n; i++)
                    {
                        int next = i < n - 1 ? Exchange(i == 0 ? afterPrevious : [], i == 0 ? TakeAllocation() : Bytes.Zero) : -1;
                        if (arrived >= 0)
                        {
                            w.Await(arrived);
                        }

                        Accumulate(layer, time / n, model / n, hardware / n);
                        Flush(w);
                        arrived = next;
                    }

                    break;

                default:
                    // Pipelined: chunk i's collective drains while chunk i + 1 computes; what follows waits for the last.
                    for (int i = 0; i < n; i++)
                    {
                        Accumulate(layer, time / n, model / n, hardware / n);
                        Flush(w);
                        int drained = Exchange([w.Last], Bytes.Zero);
                        if (i == n - 1)
                        {
                            w.Await(drained);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>At the end of a pass, a collective still running beside compute is waited for before anything on another stream follows.</summary>
    private void AwaitOverlapped(ProgramWriter w)
    {
        if (w.Awaiting)
        {
            w.Compute("tp wait", TimeCategory.ExposedTpComm, Duration.Zero, FlopCount.Zero, FlopCount.Zero, _segment.Microbatch, _segment.Chunk);
        }
    }

    private enum Pass
    {
        Forward,
        Recompute,
        Backward,
    }

    private readonly Dictionary<Operator, OverlapStep[]> _forwardSteps = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Operator, OverlapStep[]> _backwardSteps = new(ReferenceEqualityComparer.Instance);

    private void Exchanges(ProgramWriter w, Operator op, ExecutionPhase phase, bool before, TimeCategory category)
    {
        foreach (ModelParallelExchange ex in op.Exchanges)
        {
            if (ex.Phase != phase || ex.BeforeOperator != before)
            {
                continue;
            }

            Flush(w);
            CollectiveOp collective = ex.Kind.ToCollective();
            w.Collective(ExchangeName(collective, op.Name, ex.Group), collective, ex.Group.Role(), ex.Payload, category,
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
            Dependency = -1,
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
            _segment.Model, _segment.Hardware, _segment.Microbatch, _segment.Chunk,
            dependencies: _segment.Dependency >= 0 ? [_segment.Dependency] : [], allocates: TakeAllocation());
        _segment.Dependency = -1;
        _segment.Ops = 0;
        _segment.Time = Duration.Zero;
        _segment.Model = FlopCount.Zero;
        _segment.Hardware = FlopCount.Zero;
        _segment.FirstLayer = -1;
    }

    private readonly Dictionary<(string, int, int), string> _segmentNames = [];
    private readonly Dictionary<(CollectiveOp, string, ExchangeGroup), string> _exchangeNames = [];

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

    private string ExchangeName(CollectiveOp collective, string op, ExchangeGroup group = ExchangeGroup.Tensor)
    {
        if (!_exchangeNames.TryGetValue((collective, op, group), out string? name))
        {
            name = $"{(group == ExchangeGroup.Context ? "cp" : "tp")} {collective} {op}";
            _exchangeNames[(collective, op, group)] = name;
        }

        return name;
    }

    /// <summary>What every pass of a slice needs of its layers, summed once.</summary>
    private sealed record SliceTotals(Bytes Saved, Bytes Working, long Parameters, Operator[][] Recomputed)
    {
        public static SliceTotals Of(IReadOnlyList<LayerAccount> layers) => new(
            new Bytes(layers.Sum(l => l.SavedActivations.Count)),
            new Bytes(layers.Count == 0 ? 0 : layers.Max(l => l.RecomputeWorkingSet.Count)),
            layers.Sum(l => l.Parameters),
            [.. layers.Select(l => l.Operators.Where(o => o.Recomputed).ToArray())]);
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

        /// <summary>An op on another stream the next compute op must wait for (a prefetched parameter gather), or −1.</summary>
        public int Dependency;
    }
}
