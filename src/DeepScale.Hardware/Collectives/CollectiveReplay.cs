using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Event-driven replay of collectives over a cluster's links on the kernel's fair-share network. A collective runs
/// as the lock-step rounds of the algorithm and protocol the analytical model chooses (or the request forces):
/// each ring step, tree or chain pipeline tick, halving round or hierarchical step moves the same bytes on every
/// member stream, so one round is one weighted bundle over the union of the members' routes, and round r+1
/// starts when round r has drained and its latency has passed. Rounds of concurrent collectives share links max-min
/// fairly, so contention between collectives or jobs emerges; alone, a replay reproduces the analytical time.
/// </summary>
/// <remarks>
/// Two departures keep large collectives fast, both exact when nothing else shares the links: consecutive rounds
/// over the same links are merged into at most <see cref="CollectiveReplayOptions.MaxRoundsPerRun"/> kernel
/// rounds (their latency gaps then come together), and a round over more than
/// <see cref="CollectiveReplayOptions.MaxLinksPerTransfer"/> links is split into several bundles that all must
/// finish, so a part that meets no contention may drain before the contended ones instead of pacing with them.
/// </remarks>
public sealed class CollectiveReplay
{
    private readonly Dictionary<FlowPattern, Part[]> _compiled = new(ReferenceEqualityComparer.Instance);

    public CollectiveReplay(ClusterLinks links, CollectiveModel? model = null, CollectiveReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(links);
        model ??= new CollectiveModel(links.Cluster);
        if (!ReferenceEquals(model.Cluster, links.Cluster))
        {
            throw new ArgumentException("model: the collective model belongs to another cluster than the links", nameof(model));
        }

        options ??= CollectiveReplayOptions.Default;
        options.Validate();
        Links = links;
        Model = model;
        Options = options;
    }

    public ClusterLinks Links { get; }

    public CollectiveModel Model { get; }

    public CollectiveReplayOptions Options { get; }

    public Simulation Simulation => Links.Network.Simulation;

    /// <summary>Replays one collective alone on a fresh simulation of the cluster.</summary>
    public static CollectiveReplayResult Run(Cluster cluster, CollectiveRequest request, CollectiveReplayOptions? options = null, CollectiveModel? model = null) =>
        RunConcurrently(cluster, [request], options, model)[0];

    /// <summary>Launches all collectives at time zero on one fresh simulation of the cluster and replays them together.</summary>
    public static ImmutableArray<CollectiveReplayResult> RunConcurrently(Cluster cluster, IReadOnlyList<CollectiveRequest> requests,
        CollectiveReplayOptions? options = null, CollectiveModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(requests);
        Simulation sim = new();
        CollectiveReplay replay = new(new ClusterLinks(new FairShareNetwork(sim), cluster), model, options);
        Process<CollectiveReplayResult>[] runs = [.. requests.Select(replay.Start)];
        sim.Run(sim.AllOf(runs));
        return [.. runs.Select(r => r.Value)];
    }

    /// <summary>Launches a collective now; the process ends with its result when its last byte has arrived.</summary>
    public Process<CollectiveReplayResult> Start(CollectiveRequest request)
    {
        (CollectiveEstimate estimate, LockStepProgram program) = Model.LockStep(request);
        return Simulation.Process<CollectiveReplayResult>(Body(estimate, program));
    }

    private IEnumerable<Event> Body(CollectiveEstimate estimate, LockStepProgram program)
    {
        Simulation sim = Simulation;
        SimTime start = sim.Now;
        int rounds = 0;
        int transfers = 0;
        if (program.StartDelay.Ticks > 0)
        {
            yield return sim.Timeout(program.StartDelay);
        }

        LockStepRound[] all = program.Rounds;
        int i = 0;
        while (i < all.Length)
        {
            int j = i + 1;
            while (j < all.Length && all[j].Pattern == all[i].Pattern && all[j].Phase == all[i].Phase && all[j].WireBytes == all[i].WireBytes)
            {
                j++;
            }

            int run = j - i;
            int pieces = Math.Min(run, Options.MaxRoundsPerRun);
            Part[] parts = Compile(program.Patterns[all[i].Pattern]);
            for (int k = 0; k < pieces; k++)
            {
                int from = i + (int)((long)run * k / pieces);
                int to = i + (int)((long)run * (k + 1) / pieces);
                double wire = 0;
                long latency = 0;
                for (int x = from; x < to; x++)
                {
                    wire += all[x].WireBytes;
                    latency += all[x].LatencyTicks;
                }

                rounds++;
                if (parts.Length == 0 || wire <= 0)
                {
                    if (latency > 0)
                    {
                        yield return sim.Timeout(new Duration(latency));
                    }

                    continue;
                }

                Bytes size = new(wire);
                Duration after = new(latency);
                transfers += parts.Length;
                if (parts.Length == 1)
                {
                    yield return Links.Network.Transfer(size, parts[0].Links, parts[0].Weights, after);
                }
                else
                {
                    Event[] started = new Event[parts.Length];
                    for (int p = 0; p < parts.Length; p++)
                    {
                        started[p] = Links.Network.Transfer(size, parts[p].Links, parts[p].Weights, after);
                    }

                    yield return sim.AllOf(started);
                }
            }

            i = j;
        }

        CollectiveEstimate replayed = estimate with { Time = sim.Now - start };
        yield return sim.Return(new CollectiveReplayResult(replayed, estimate, start, sim.Now, rounds, transfers));
    }

    /// <summary>The kernel links and weights of a pattern, split into parts of at most the option's link count.</summary>
    private Part[] Compile(FlowPattern pattern)
    {
        if (_compiled.TryGetValue(pattern, out Part[]? parts))
        {
            return parts;
        }

        int n = pattern.Links.Length;
        int size = Options.MaxLinksPerTransfer;
        parts = new Part[(n + size - 1) / size];
        for (int p = 0; p < parts.Length; p++)
        {
            int from = p * size;
            int count = Math.Min(size, n - from);
            BandwidthLink[] links = new BandwidthLink[count];
            double[] weights = new double[count];
            for (int i = 0; i < count; i++)
            {
                links[i] = Links[pattern.Links[from + i]];
                weights[i] = pattern.Streams[from + i];
            }

            parts[p] = new Part(links, weights);
        }

        _compiled[pattern] = parts;
        return parts;
    }

    /// <summary>One kernel transfer's share of a round: its links and the member streams on each.</summary>
    private sealed record Part(BandwidthLink[] Links, double[] Weights);
}
