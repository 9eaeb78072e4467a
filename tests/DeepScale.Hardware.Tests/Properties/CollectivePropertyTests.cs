using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

using static DeepScale.Testing.PropertyRunner;

namespace DeepScale.Hardware.Tests.Properties;

/// <summary>
/// Collective invariants over random clusters built from the catalog's systems, random member sets and random
/// sizes: the step plan delivers what each operation requires and balances what ranks send and receive, the
/// event-driven replay puts exactly the planned bytes on the links (every byte that leaves an accelerator arrives
/// at one), times are finite and positive, and no bus bandwidth exceeds what the members' links can inject.
/// </summary>
[TestClass]
public sealed class CollectivePropertyTests
{
    private const int PlanCases = 400;
    private const int ReplayCases = 200;

    /// <summary>Systems and node counts drawn from (every scale-up fabric of the catalog; several with scale-out).</summary>
    private static readonly ClusterSpec[] s_clusters =
    [
        new("dgx-a100-80gb"),
        new("dgx-a100-80gb", 2),
        new("dgx-a100-80gb", 4) { GpusPerNode = 2 },
        new("dgx-1-v100"),
        new("dgx-1-v100", 2),
        new("dgx-2"),
        new("dgx-h100", 2),
        new("hgx-h200"),
        new("dgx-b200", 2),
        new("hgx-a100"),
        new("mi300x-platform"),
        new("gaudi2-hls", 2),
        new("gaudi3-node"),
        new("tpu-v4-pod", 2) { TorusShape = [2, 2, 2] },
        new("tpu-v5e-pod", 2) { TorusShape = [4, 4, 1] },
    ];

    private static readonly ConcurrentDictionary<int, Lazy<(Cluster Cluster, CollectiveModel Model)>> s_built = new();

    private static (Cluster Cluster, CollectiveModel Model) ClusterAt(int index) =>
        s_built.GetOrAdd(index, i => new(() =>
        {
            Cluster c = ClusterBuilder.Build(s_clusters[i]);
            return (c, new CollectiveModel(c));
        })).Value;

    [TestMethod]
    public void Plan_RandomCollectives_DeliversWhatTheOperationNeedsAndBalancesSendAndReceive() =>
        ForAll(0xC011_0000, PlanCases, (random, log) =>
        {
            (Cluster cluster, CollectiveModel model, CollectiveRequest request) = Draw(random, log, maxRanks: 24);
            if (RefusedForItsShape(cluster, model, request))
            {
                return;
            }

            CollectiveEstimate estimate;
            CollectivePlan plan;
            lock (model)
            {
                estimate = model.Estimate(request);
                plan = model.Plan(request);
            }

            log.Append(CultureInfo.InvariantCulture, $"chose {estimate.Algorithm}/{estimate.Protocol}, {plan.Steps.Length} steps").AppendLine();
            CheckEstimate(cluster, request, estimate, "estimate");
            Check(plan.Estimate == estimate, "the plan realizes another estimate than Estimate returns");
            CheckPlan(request, plan);
        });

    [TestMethod]
    public void Replay_RandomCollectives_PutsThePlannedBytesOnTheLinksAndDeliversThem() =>
        ForAll(0xC011_1000, ReplayCases, (random, log) =>
        {
            (Cluster cluster, CollectiveModel model, CollectiveRequest request) = Draw(random, log, maxRanks: 24);
            if (RefusedForItsShape(cluster, model, request))
            {
                return;
            }

            CollectivePlan plan;
            CollectiveLinkLoad load;
            lock (model)
            {
                plan = model.Plan(request);
                load = model.LinkLoad(request);
            }

            var sim = new Simulation();
            var links = new ClusterLinks(new FairShareNetwork(sim), cluster);
            Process<CollectiveReplayResult> run;
            lock (model)
            {
                run = new CollectiveReplay(links, model).Start(request);
            }

            sim.Run(run);
            CollectiveReplayResult result = run.Value;
            log.Append(CultureInfo.InvariantCulture, $"replayed {result.Estimate.Algorithm}/{result.Estimate.Protocol} in {result.Time}, analytical {result.Analytical.Time}").AppendLine();
            CheckEstimate(cluster, request, result.Estimate, "replay");
            Check(result.Time.Ticks > 0 && result.End >= result.Start, $"replay time {result.Time}");

            // Every link carries exactly the wire bytes of the collective's link-load view.
            var expected = load.TotalLoads().ToDictionary(l => l.Link.Index, l => l.Load.Count);
            TopologyGraph graph = cluster.Graph;
            double leftAccelerators = 0;
            double reachedAccelerators = 0;
            for (int l = 0; l < graph.Links.Length; l++)
            {
                double carried = links.Existing(new LinkId(l))?.BytesCarried.Count ?? 0;
                double want = expected.GetValueOrDefault(l);
                Check(Math.Abs(carried - want) <= 1e-9 * Math.Max(want, 1), $"link {l} carried {carried:R} B, the link load says {want:R}");
                DirectedLink d = graph.Links[l];
                if (graph[d.From].Kind == VertexKind.Accelerator)
                {
                    leftAccelerators += carried;
                }

                if (graph[d.To].Kind == VertexKind.Accelerator)
                {
                    reachedAccelerators += carried;
                }
            }

            Check(Math.Abs(leftAccelerators - reachedAccelerators) <= 1e-9 * Math.Max(leftAccelerators, 1),
                $"{leftAccelerators:R} B left accelerators, {reachedAccelerators:R} B reached one");

            // What the step plan sends is what the replay delivers into accelerators (each step counted once per
            // accelerator its route enters, which on a torus includes the chips it passes through).
            double planned = 0;
            foreach (TransferStep step in plan.Steps)
            {
                Route route = cluster.Route(step.Source, step.Destination);
                planned += step.WireBytes.Count * route.Links.Count(id => graph[graph[id].To].Kind == VertexKind.Accelerator);
            }

            Check(Math.Abs(planned - reachedAccelerators) <= 1e-6 * Math.Max(planned, 1),
                $"the plan sends {planned:R} wire bytes into accelerators, the replay delivered {reachedAccelerators:R}");
        });

    private static (Cluster Cluster, CollectiveModel Model, CollectiveRequest Request) Draw(DeterministicRandom random, StringBuilder log, int maxRanks)
    {
        int index = random.NextInt(s_clusters.Length);
        (Cluster cluster, CollectiveModel model) = ClusterAt(index);
        var op = (CollectiveOp)random.NextInt(Enum.GetValues<CollectiveOp>().Length);
        int total = cluster.AcceleratorCount;
        int n = 2 + random.NextInt(Math.Min(maxRanks, total) - 1);
        int[] order = [.. Enumerable.Range(0, total)];
        for (int k = order.Length - 1; k > 0; k--)
        {
            int j = random.NextInt(k + 1);
            (order[k], order[j]) = (order[j], order[k]);
        }

        int[] chosen = order[..n];
        if (random.NextInt(2) == 0)
        {
            Array.Sort(chosen);
        }

        ImmutableArray<DeviceId> group = [.. chosen.Select(i => cluster.Accelerators[i])];

        // 1 B to 1 GiB, log-uniform, whole bytes.
        var size = new Bytes(Math.Floor(Math.Pow(2, random.Uniform(0, 30))));
        CollectiveAlgorithm[] applicable = op switch
        {
            CollectiveOp.AllReduce => [CollectiveAlgorithm.Ring, CollectiveAlgorithm.DoubleBinaryTree, CollectiveAlgorithm.RecursiveHalvingDoubling, CollectiveAlgorithm.Hierarchical],
            CollectiveOp.ReduceScatter or CollectiveOp.AllGather => [CollectiveAlgorithm.Ring, CollectiveAlgorithm.RecursiveHalvingDoubling],
            CollectiveOp.Broadcast => [CollectiveAlgorithm.Ring],
            _ => [CollectiveAlgorithm.Direct],
        };
        CollectiveAlgorithm? algorithm = random.NextInt(2) == 0 ? applicable[random.NextInt(applicable.Length)] : null;
        NcclProtocol? protocol = random.NextInt(4) == 0 ? (NcclProtocol)random.NextInt(3) : null;
        var request = new CollectiveRequest(op, group, size)
        {
            Algorithm = algorithm,
            Protocol = algorithm is CollectiveAlgorithm.Direct || op is CollectiveOp.AllToAll or CollectiveOp.SendRecv ? null : protocol,
            Root = op == CollectiveOp.Broadcast ? random.NextInt(n) : 0,
        };
        log.Append(CultureInfo.InvariantCulture,
            $"{Describe(s_clusters[index])}: {op} of {size.Count:R} B over [{string.Join(",", chosen)}] root {request.Root}, algorithm {algorithm?.ToString() ?? "auto"}, protocol {request.Protocol?.ToString() ?? "auto"}").AppendLine();
        return (cluster, model, request);
    }

    /// <summary>
    /// A forced algorithm whose model does not cover the group's shape is refused with an error naming the
    /// algorithm: tree and hierarchical all-reduce need the same number of ranks on every node, recursive
    /// halving-doubling reduce-scatter and all-gather a power-of-two group; a forced protocol the hardware does not
    /// run is refused naming the protocol. True when such a case was drawn (and refused).
    /// </summary>
    private static bool RefusedForItsShape(Cluster cluster, CollectiveModel model, CollectiveRequest request)
    {
        int[] perNode = [.. request.Group.GroupBy(cluster.NodeOf).Select(g => g.Count())];
        bool uneven = request.Algorithm is CollectiveAlgorithm.DoubleBinaryTree or CollectiveAlgorithm.Hierarchical && perNode.Any(c => c != perNode[0]);
        bool notPowerOfTwo = request.Algorithm is CollectiveAlgorithm.RecursiveHalvingDoubling
            && request.Op is CollectiveOp.ReduceScatter or CollectiveOp.AllGather && !BitOperations.IsPow2(request.Ranks);
        try
        {
            lock (model)
            {
                model.Estimate(request);
            }
        }
        catch (ArgumentException refused) when (request.Protocol is not null && refused.Message.StartsWith("protocol:", StringComparison.Ordinal))
        {
            return true; // a forced protocol the group's hardware does not run (LL128 off NVIDIA parts)
        }
        catch (ArgumentException refused) when (uneven || notPowerOfTwo)
        {
            Check(refused.Message.StartsWith("algorithm:", StringComparison.Ordinal), $"the refusal does not name the field: {refused.Message}");
            return true;
        }

        Check(!uneven && !notPowerOfTwo, "a forced algorithm ran a group its model does not cover");
        return false;
    }

    private static string Describe(ClusterSpec spec) =>
        $"{spec.System} x{spec.Nodes ?? 1}{(spec.GpusPerNode is int g ? $" ({g}/node)" : "")}{(spec.TorusShape is { } t ? $" torus {string.Join("x", t)}" : "")}";

    /// <summary>Times finite and positive; bus bandwidth within what the members' links can move.</summary>
    private static void CheckEstimate(Cluster cluster, CollectiveRequest request, CollectiveEstimate estimate, string what)
    {
        Check(estimate.Time.Ticks > 0, $"{what}: time {estimate.Time} is not positive");
        Check(estimate.Latency.Ticks >= 0 && estimate.Latency <= estimate.Time, $"{what}: latency {estimate.Latency} of {estimate.Time}");
        Check(double.IsFinite(estimate.Bandwidth.BytesPerSecond) && estimate.Bandwidth.BytesPerSecond >= 0, $"{what}: bandwidth {estimate.Bandwidth}");
        double busbw = estimate.BusBandwidthValue.BytesPerSecond;
        Check(double.IsFinite(busbw) && busbw >= 0, $"{what}: bus bandwidth {busbw}");
        double bound = BusBandwidthBound(cluster, request);
        Check(busbw <= bound * (1 + 1e-9), $"{what}: bus bandwidth {busbw / 1e9:R} GB/s exceeds the members' link bound {bound / 1e9:R} GB/s");
    }

    /// <summary>
    /// The most bus bandwidth the members' own links allow (without in-network reduction). nccl-tests scales the
    /// algorithm bandwidth so that busbw is what each rank moves per second: an all-reduce rank must send and
    /// receive 2(n-1)/n·S (Patarasuk and Yuan 2009, the bandwidth lower bound), a reduce-scatter rank send
    /// (n-1)/n·S, an all-gather rank receive (n-1)/n·S, an all-to-all rank both, a broadcast receiver all S, and
    /// send/recv S over the sender's egress and the receiver's ingress. So busbw ≤ the achievable capacity of the
    /// binding direction's links at the accelerator, for the worst member.
    /// </summary>
    private static double BusBandwidthBound(Cluster cluster, CollectiveRequest request)
    {
        TopologyGraph g = cluster.Graph;
        double Egress(DeviceId d) => Sum(g.Outgoing(d));
        double Ingress(DeviceId d) => Sum(g.Incoming(d));
        double Sum(ReadOnlySpan<int> ids)
        {
            double s = 0;
            foreach (int id in ids)
            {
                s += g.Links[id].Capacity.BytesPerSecond;
            }

            return s;
        }

        ImmutableArray<DeviceId> m = request.Group;
        return request.Op switch
        {
            CollectiveOp.AllReduce or CollectiveOp.AllToAll => m.Min(d => Math.Min(Egress(d), Ingress(d))),
            CollectiveOp.ReduceScatter => m.Min(Egress),
            CollectiveOp.AllGather => m.Min(Ingress),
            CollectiveOp.Broadcast => m.Where((_, i) => i != request.Root).Min(Ingress),
            _ => Math.Min(Egress(m[0]), Ingress(m[1])),
        };
    }

    /// <summary>
    /// Steps run between distinct members with finite, non-negative payloads, depend only on earlier steps, and
    /// move what the operation needs: per rank, at least the bytes it must receive (and send), and for the
    /// operations whose every rank is alike in the algorithm, as much sent as received.
    /// </summary>
    private static void CheckPlan(CollectiveRequest request, CollectivePlan plan)
    {
        int n = request.Ranks;
        double s = request.Size.Count;
        var rankOf = request.Group.Select((d, i) => (d, i)).ToDictionary(x => x.d.Index, x => x.i);
        double[] sent = new double[n];
        double[] received = new double[n];
        Check(plan.StartDelay.Ticks >= 0, $"start delay {plan.StartDelay}");
        foreach (TransferStep step in plan.Steps)
        {
            Check(rankOf.ContainsKey(step.Source.Index) && rankOf.ContainsKey(step.Destination.Index), $"step {step.Id} runs outside the group");
            Check(step.Source != step.Destination, $"step {step.Id} sends to itself");
            Check(double.IsFinite(step.Payload.Count) && step.Payload.Count >= 0, $"step {step.Id} payload {step.Payload.Count}");
            Check(step.WireBytes.Count >= step.Payload.Count * (1 - 1e-12), $"step {step.Id} wire {step.WireBytes.Count} below payload {step.Payload.Count}");
            Check(step.Latency.Ticks >= 0, $"step {step.Id} latency {step.Latency}");
            foreach (int dep in plan.DependenciesOf(step.Id))
            {
                Check(dep >= 0 && dep < step.Id, $"step {step.Id} depends on {dep}");
            }

            sent[rankOf[step.Source.Index]] += step.Payload.Count;
            received[rankOf[step.Destination.Index]] += step.Payload.Count;
        }

        Check(Math.Abs(sent.Sum() - received.Sum()) <= 1e-9 * Math.Max(sent.Sum(), 1), $"{sent.Sum():R} B sent, {received.Sum():R} B received");
        double share = (n - 1) / (double)n * s;
        const double tolerance = 1e-9;
        for (int r = 0; r < n; r++)
        {
            (double mustSend, double mustReceive) = request.Op switch
            {
                CollectiveOp.AllReduce => (share, share),
                CollectiveOp.ReduceScatter => (share, 0),
                CollectiveOp.AllGather => (0, share),
                CollectiveOp.AllToAll => (share, share),
                CollectiveOp.Broadcast => (r == request.Root ? s : 0, r == request.Root ? 0 : s),
                _ => (r == 0 ? s : 0, r == 1 ? s : 0),
            };
            Check(sent[r] >= mustSend * (1 - tolerance), $"rank {r} sends {sent[r]:R} B, the operation needs at least {mustSend:R}");
            Check(received[r] >= mustReceive * (1 - tolerance), $"rank {r} receives {received[r]:R} B, the operation needs at least {mustReceive:R}");
        }

        bool balanced = plan.Estimate.Algorithm is CollectiveAlgorithm.Ring or CollectiveAlgorithm.Direct
            && request.Op is CollectiveOp.AllReduce or CollectiveOp.ReduceScatter or CollectiveOp.AllGather or CollectiveOp.AllToAll;
        if (balanced)
        {
            for (int r = 0; r < n; r++)
            {
                Check(Math.Abs(sent[r] - received[r]) <= tolerance * Math.Max(sent[r], 1), $"rank {r} sends {sent[r]:R} B but receives {received[r]:R}");
            }
        }
    }
}
