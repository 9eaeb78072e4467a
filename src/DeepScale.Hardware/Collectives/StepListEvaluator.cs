using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// A reference evaluation of a <see cref="CollectivePlan"/>: a small flow-level simulation with max-min fair
/// sharing (progressive filling) of every directed link, following the step semantics of <see cref="TransferStep"/>.
/// It exists to check that a plan and the analytical estimate describe the same algorithm, and as the oracle for
/// the kernel-based replay; it recomputes all rates at every event, so it is meant for plans of up to a few
/// thousand steps.
/// </summary>
public static class StepListEvaluator
{
    /// <summary>Completion time of the plan (from launch to the last byte) on the cluster, with no other traffic.</summary>
    public static Duration Evaluate(CollectivePlan plan, Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cluster);
        int count = plan.Steps.Length;
        if (count == 0)
        {
            return plan.Estimate.Time;
        }

        int[][] links = new int[count][];
        Dictionary<(int, int), int[]> routes = [];
        int[] pending = new int[count];
        List<int>[] dependents = new List<int>[count];
        for (int s = 0; s < count; s++)
        {
            TransferStep step = plan.Steps[s];
            if (!routes.TryGetValue((step.Source.Index, step.Destination.Index), out int[]? r))
            {
                r = [.. cluster.Route(step.Source, step.Destination).Links.Select(l => l.Index)];
                routes[(step.Source.Index, step.Destination.Index)] = r;
            }

            links[s] = r;
            dependents[s] = [];
            foreach (int d in plan.DependenciesOf(s))
            {
                pending[s]++;
                dependents[d].Add(s);
            }
        }

        PriorityQueue<int, (double Time, int Id)> starts = new();
        double start0 = plan.StartDelay.Seconds;
        for (int s = 0; s < count; s++)
        {
            if (pending[s] == 0)
            {
                starts.Enqueue(s, (start0 + plan.Steps[s].Latency.Seconds, s));
            }
        }

        List<int> active = [];
        double[] remaining = new double[count];
        double[] rate = new double[count];
        double now = 0;
        double last = start0;
        int done = 0;
        bool dirty = true;
        while (done < count)
        {
            if (dirty)
            {
                Rates(active, links, cluster, rate);
                dirty = false;
            }

            double nextFinish = double.PositiveInfinity;
            foreach (int s in active)
            {
                nextFinish = Math.Min(nextFinish, now + (remaining[s] / rate[s]));
            }

            double nextStart = starts.TryPeek(out _, out (double Time, int Id) p) ? p.Time : double.PositiveInfinity;
            double next = Math.Min(nextFinish, nextStart);
            if (double.IsPositiveInfinity(next))
            {
                throw new InvalidOperationException("the plan has steps that can never start (a dependency cycle)");
            }

            foreach (int s in active)
            {
                remaining[s] -= rate[s] * (next - now);
            }

            now = next;
            for (int i = active.Count - 1; i >= 0; i--)
            {
                int s = active[i];
                if (remaining[s] <= 1e-9 * Math.Max(1, plan.Steps[s].WireBytes.Count))
                {
                    active.RemoveAt(i);
                    Complete(s);
                }
            }

            while (starts.TryPeek(out int s, out (double Time, int Id) t) && t.Time <= now)
            {
                starts.Dequeue();
                if (plan.Steps[s].WireBytes.Count <= 0 || links[s].Length == 0)
                {
                    Complete(s);
                    continue;
                }

                remaining[s] = plan.Steps[s].WireBytes.Count;
                active.Add(s);
                dirty = true;
            }
        }

        return Duration.FromSeconds(last);

        void Complete(int s)
        {
            done++;
            dirty = true;
            last = Math.Max(last, now);
            foreach (int d in dependents[s])
            {
                if (--pending[d] == 0)
                {
                    starts.Enqueue(d, (now + plan.Steps[d].Latency.Seconds, d));
                }
            }
        }
    }

    /// <summary>Max-min fair rates by progressive filling: repeatedly saturate the link with the smallest fair share.</summary>
    private static void Rates(List<int> active, int[][] links, Cluster cluster, double[] rate)
    {
        Dictionary<int, (double Capacity, int Flows)> state = [];
        foreach (int s in active)
        {
            foreach (int l in links[s])
            {
                (double c, int f) = state.TryGetValue(l, out var v) ? v : (cluster.Graph.Links[l].Capacity.BytesPerSecond, 0);
                state[l] = (c, f + 1);
            }
        }

        HashSet<int> unfrozen = [.. active];
        while (unfrozen.Count > 0)
        {
            int bottleneck = -1;
            double share = double.PositiveInfinity;
            foreach ((int l, (double c, int f)) in state)
            {
                if (f > 0 && c / f < share)
                {
                    share = c / f;
                    bottleneck = l;
                }
            }

            List<int> fixedNow = [.. unfrozen.Where(s => Array.IndexOf(links[s], bottleneck) >= 0)];
            foreach (int s in fixedNow)
            {
                rate[s] = share;
                unfrozen.Remove(s);
                foreach (int l in links[s])
                {
                    (double c, int f) = state[l];
                    state[l] = (c - share, f - 1);
                }
            }
        }
    }
}
