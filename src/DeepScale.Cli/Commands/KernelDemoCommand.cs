using System.Globalization;
using System.Text;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Reporting.Files;

namespace DeepScale.Cli.Commands;

/// <summary>
/// <c>deepscale demo</c>: a small tour of the kernel that checks itself against closed forms. Two eight-GPU ring
/// all-reduces run over their own node links, alone and then sharing one oversubscribed uplink, showing contention
/// emerge from the fair-share network; an M/M/1 queue is compared with queueing theory.
/// </summary>
public static class KernelDemoCommand
{
    public const string Help = """
        deepscale demo [--out DIR]

        A tour of the simulation kernel that checks itself against closed forms: two 8-GPU ring all-reduces alone and
        sharing one uplink (contention from max-min fair sharing), and an M/M/1 queue against queueing theory.
        Writes DIR/demo.csv and DIR/summary.md (default results/kernel-demo).

        Examples:
          deepscale demo
          deepscale demo --out /tmp/demo
        """;

    /// <summary>The command line form: <c>--help</c>, no positional arguments, an optional <c>--out</c>.</summary>
    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"demo: unexpected argument '{cl.Positional[0]}'; run 'deepscale demo --help'");
        }

        string output = cl.Value("--out") ?? Path.Combine("results", "kernel-demo");
        OutputFolder.Check("demo", "--out", output);
        return Run(output);
    }

    public static int Run(string outDirectory)
    {
        var rows = new List<string> { "scenario,simulated_s,closed_form_s,error_pct" };
        var summary = new StringBuilder();
        summary.AppendLine("# DeepScale kernel demo").AppendLine();

        Bytes message = Bytes.FromGiB(1);
        ByteRate nodeLink = ByteRate.FromGBps(25);
        ByteRate uplink = ByteRate.FromGBps(25);
        double alone = RingAllReduce(message, nodeLink, uplink, shared: false);
        double shared = RingAllReduce(message, nodeLink, uplink, shared: true);

        // Ring all-reduce moves 2(n−1)/n of the message over each link (Thakur et al. 2005); here one hop of each
        // ring crosses the uplink, which two rings share when it is common, halving their rate on that hop.
        const int gpus = 8;
        double ideal = 2.0 * (gpus - 1) / gpus * message.Count / nodeLink.BytesPerSecond;
        rows.Add(Row("allreduce-alone", alone, ideal));
        rows.Add(Row("allreduce-two-jobs-shared-uplink", shared, 2 * ideal));

        (double wait, double utilization) = MM1(lambda: 0.8, customers: 100_000);
        rows.Add(Row("mm1-mean-wait", wait, 0.8 / (1 - 0.8)));
        rows.Add(Row("mm1-utilization", utilization, 0.8));

        summary.AppendLine(CultureInfo.InvariantCulture, $"- One 1 GiB ring all-reduce over 8 GPUs on 25 GB/s links: {alone:F4} s (closed form {ideal:F4} s).");
        summary.AppendLine(CultureInfo.InvariantCulture, $"- Two such all-reduces sharing one 25 GB/s uplink: {shared:F4} s each, {shared / alone:F2}× slower: contention emerges from max-min fair sharing.");
        summary.AppendLine(CultureInfo.InvariantCulture, $"- M/M/1 (ρ = 0.8): mean wait {wait:F3} (theory 4.000), utilization {utilization:F4} (theory 0.8000).");

        Directory.CreateDirectory(outDirectory);
        AtomicFile.WriteAllText(Path.Combine(outDirectory, "demo.csv"), string.Join('\n', rows) + "\n");
        AtomicFile.WriteAllText(Path.Combine(outDirectory, "summary.md"), summary.ToString());
        Console.Write(summary.ToString());
        return 0;
    }

    private static string Row(string name, double simulated, double closedForm) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{name},{simulated:R},{closedForm:R},{100 * (simulated - closedForm) / closedForm:F3}");

    /// <summary>Ring all-reduce as 2(n−1) lock-step steps of chunk transfers; returns the completion time.</summary>
    private static double RingAllReduce(Bytes message, ByteRate linkRate, ByteRate uplinkRate, bool shared)
    {
        const int gpus = 8;
        var sim = new Simulation(1);
        var net = new FairShareNetwork(sim);
        BandwidthLink? common = shared ? net.AddLink(uplinkRate, "shared-uplink") : null;
        int jobs = shared ? 2 : 1;
        var done = new List<Event>();
        for (int job = 0; job < jobs; job++)
        {
            BandwidthLink[] links = Enumerable.Range(0, gpus).Select(i => net.AddLink(linkRate, $"job{job}-link{i}")).ToArray();
            var inboxes = Enumerable.Range(0, gpus).Select(_ => new Store<int>(sim)).ToArray();
            Bytes chunk = message / gpus;
            IEnumerable<Event> Gpu(int i)
            {
                // Hop gpus−1 → 0 leaves the node: it also crosses the uplink when one is shared.
                BandwidthLink[] path = common is not null && i == gpus - 1 ? [links[i], common] : [links[i]];
                for (int step = 0; step < 2 * (gpus - 1); step++)
                {
                    yield return net.Transfer(chunk, path);
                    inboxes[(i + 1) % gpus].Put(step);
                    yield return inboxes[i].Get();
                }
            }

            done.AddRange(Enumerable.Range(0, gpus).Select(i => sim.Process(Gpu(i))));
        }

        sim.Run(sim.AllOf(done));
        return sim.Now.Seconds;
    }

    private static (double MeanWait, double Utilization) MM1(double lambda, int customers)
    {
        var sim = new Simulation(7);
        var server = new Resource(sim, 1);
        double waits = 0;
        double busy = 0;
        IEnumerable<Event> Customer()
        {
            SimTime arrival = sim.Now;
            using Request request = server.Request();
            yield return request;
            waits += (sim.Now - arrival).Seconds;
            double service = sim.Random.Exponential(1.0);
            busy += service;
            yield return sim.Timeout(Duration.FromSeconds(service));
        }

        IEnumerable<Event> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1 / lambda)));
                sim.Process(Customer());
            }
        }

        sim.Process(Source());
        sim.Run();
        return (waits / customers, busy / sim.Now.Seconds);
    }
}
