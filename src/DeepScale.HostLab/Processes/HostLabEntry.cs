using DeepScale.HostLab.Training;

namespace DeepScale.HostLab.Processes;

/// <summary>
/// The hidden verbs through which a host executable becomes a host-lab worker: <c>train-worker</c>
/// (<see cref="TrainerWorker.Run"/>) and <c>ring-peer</c> (<see cref="RingPeer.Run"/>). Any program that starts
/// workers through itself calls <see cref="TryRun"/> first thing in <c>Main</c>.
/// </summary>
public static class HostLabEntry
{
    /// <summary>Runs the worker when <paramref name="args"/>[0] is a host-lab verb; returns false otherwise.</summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 0;
        if (args.Length == 0)
        {
            return false;
        }

        switch (args[0])
        {
            case TrainerWorker.Verb:
                exitCode = TrainerWorker.Run(args[1..]);
                return true;
            case RingPeer.Verb:
                exitCode = RingPeer.Run(args[1..]);
                return true;
            default:
                return false;
        }
    }
}
