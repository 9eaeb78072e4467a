using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>Accumulates the rounds of a <see cref="LockStepProgram"/>, numbering patterns by reference.</summary>
internal sealed class ProgramBuilder
{
    private readonly List<FlowPattern> _patterns = [];
    private readonly Dictionary<FlowPattern, int> _index = new(ReferenceEqualityComparer.Instance);
    private readonly List<LockStepRound> _rounds = [];
    private int _phases;

    /// <summary>Adds a round; rounds of a phase must be added consecutively.</summary>
    public void Round(FlowPattern pattern, double wireBytes, long latencyTicks, int phase)
    {
        if (!_index.TryGetValue(pattern, out int id))
        {
            id = _patterns.Count;
            _patterns.Add(pattern);
            _index[pattern] = id;
        }

        _rounds.Add(new LockStepRound(id, wireBytes, latencyTicks, phase));
        _phases = Math.Max(_phases, phase + 1);
    }

    /// <summary>
    /// Adds <paramref name="count"/> identical rounds whose latencies add up to <paramref name="totalLatencyTicks"/>
    /// (the first rounds take the remainder's extra tick).
    /// </summary>
    public void Rounds(int count, FlowPattern pattern, double wireBytes, long totalLatencyTicks, int phase)
    {
        if (count <= 0)
        {
            return;
        }

        long each = totalLatencyTicks / count;
        long rest = totalLatencyTicks % count;
        for (int i = 0; i < count; i++)
        {
            Round(pattern, wireBytes, each + (i < rest ? 1 : 0), phase);
        }
    }

    public LockStepProgram Build(Duration startDelay) => new(startDelay, [.. _patterns], [.. _rounds], _phases);
}
