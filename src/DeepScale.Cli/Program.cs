using System.Globalization;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Worker processes of the real trainer and the loopback all-reduce peers are started as this executable.
if (DeepScale.HostLab.Processes.HostLabEntry.TryRun(args, out int workerExit))
{
    return workerExit;
}

return DeepScale.Cli.Dispatcher.Run(args);
