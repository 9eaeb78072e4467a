using DeepScale.Cli.Commands;
using DeepScale.Core;
using DeepScale.Experiments.Spec;

namespace DeepScale.Cli;

/// <summary>
/// Routes a command line to its command and turns every failure into one line on stderr: exit 2 for input the
/// tool cannot act on (a spec or usage error naming the field), 1 for a bug (no stack trace unless
/// <c>DEEPSCALE_DEBUG</c> is set).
/// </summary>
public static class Dispatcher
{
    public static int Run(string[] args)
    {
        string verb = args.Length > 0 ? args[0] : "--help";
        string[] rest = args.Length > 0 ? args[1..] : [];
        try
        {
            return verb switch
            {
                "simulate" => SimulateCommand.Run(new CommandLine(verb, rest, ["--trace", "--trace-ranks", "--fidelity"], ["--json", "--require-fit"])),
                "collective" => CollectiveCommand.Run(new CommandLine(verb, rest, ["--system", "--gpus", "--op", "--bytes", "--algorithm", "--protocol", "--fidelity"], ["--json"])),
                "validate" => ValidateCommand.Run(new CommandLine(verb, rest, ["--suite", "--fidelity", "--out"], ["--check"])),
                "calibrate" => CalibrateCommand.Run(new CommandLine(verb, rest, ["--out", "--patience", "--kernels"], ["--quick", "--refit"])),
                "sweep" => SweepCommand.Run(new CommandLine(verb, rest, ["--out", "--jobs", "--stop-after"], ["--quick", "--json", "--fresh"])),
                "report" => ReportCommand.Run(new CommandLine(verb, rest, [], [])),
                "plan" => PlanCommand.Run(new CommandLine(verb, rest, PlanCommand.ValuedOptions, PlanCommand.FlagOptions)),
                "train-real" => TrainRealCommand.Run(new CommandLine(verb, rest, ["--workers", "--steps", "--seed", "--out"], [])),
                "host-validate" => HostValidateCommand.Run(new CommandLine(verb, rest, ["--runs", "--steps", "--patience"], ["--quick"])),
                "demo" => KernelDemoCommand.Run(new CommandLine(verb, rest, ["--out"], [])),
                "spec" => SpecCommand.Run(new CommandLine(verb, rest, [], [])),
                "--help" or "-h" or "help" => Help(),
                "--version" => Version(),
                _ => Fail($"unknown command '{verb}'; run 'deepscale --help'"),
            };
        }
        catch (Exception ex) when (ex is SpecException or UsageException or SpecFieldException or IOException or UnauthorizedAccessException)
        {
            return Fail(ex.Message);
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("DEEPSCALE_DEBUG") is null)
        {
            // A bug, not bad input: one line, no stack trace (set DEEPSCALE_DEBUG=1 to see it).
            Console.Error.WriteLine($"deepscale: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static int Help()
    {
        Console.WriteLine("""
            deepscale — discrete-event simulation lab for deep-learning resource allocation and scaling

            Commands (each has --help):
              simulate SPEC.yaml   simulate one training iteration: time, memory, breakdown, cost
              collective ...       one collective on a catalog system: time, algbw, busbw
              validate [--suite S] compare predictions with published measurements (results/validation)
              sweep EXPERIMENT     run every point of an experiment: points.csv, charts, summary.md
              report DIR           redraw a finished sweep's charts and summary from its points.csv
              plan SPEC.yaml       search parallel layouts and cloud allocations for the best plan
              calibrate            measure this machine's micro-kernels and fit the host-cpu profile
              train-real           a real data-parallel CPU training run on this machine (K processes)
              host-validate        predict train-real from the calibrated profile, run it, compare
              demo [--out DIR]     the kernel demo: contention on a shared uplink, M/M/1 against theory
              spec                 every key a scenario spec accepts: kind, default, meaning

            Exit codes: 0 success, 1 internal error, 2 bad input (one line on stderr naming the field),
            3 does not fit (simulate --require-fit).
            """);
        return 0;
    }

    private static int Version()
    {
        Console.WriteLine(typeof(Dispatcher).Assembly.GetName().Version?.ToString(3));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"deepscale: {message.ReplaceLineEndings(" ")}");
        return 2;
    }
}
