using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Processes;

/// <summary>
/// The far end of a multi-process all-reduce measurement: a process that joins a <see cref="LoopbackRing"/> and
/// answers every all-reduce its predecessor starts, with a buffer of the same size, until the predecessor closes
/// the ring. The measuring process is rank 0; peers are ranks 1 … p − 1.
/// </summary>
public static class RingPeer
{
    /// <summary>The hidden verb a host routes to <see cref="Run"/> (see <see cref="HostLabEntry"/>).</summary>
    public const string Verb = "ring-peer";

    /// <summary>How long a peer waits between two all-reduces before it gives up on the measuring process.</summary>
    public static readonly Duration IdleTimeout = Duration.FromMinutes(10);

    /// <summary>Starts ranks 1 … <paramref name="ranks"/> − 1 as peer processes rendezvousing in <paramref name="directory"/>.</summary>
    public static WorkerProcessGroup Start(WorkerCommand command, string directory, int ranks, int elements, Duration timeout) =>
        WorkerProcessGroup.Start(command, ranks - 1, i =>
        [
            "--dir", directory,
            "--rank", (i + 1).ToString(CultureInfo.InvariantCulture),
            "--ranks", ranks.ToString(CultureInfo.InvariantCulture),
            "--elements", elements.ToString(CultureInfo.InvariantCulture),
            "--timeout-s", timeout.Seconds.ToString("R", CultureInfo.InvariantCulture),
        ], Verb);

    /// <summary>Runs a peer (arguments after the verb). Exit code 0 after a clean close, 1 on a ring failure, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        WorkerArguments parsed;
        try
        {
            parsed = WorkerArguments.Parse(Verb, args);
            _ = parsed.Integer("rank");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        try
        {
            using LoopbackRing ring = LoopbackRing.Connect(
                parsed.Text("dir"), parsed.Integer("rank"), parsed.Integer("ranks"), Duration.FromSeconds(parsed.Number("timeout-s")));
            float[] data = new float[parsed.Integer("elements")];
            while (ring.WaitForIncoming(IdleTimeout))
            {
                RingAllReduce.Sum(ring, data);
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            Console.Error.WriteLine($"{Verb}: {e.Message}");
            return 1;
        }
    }
}
