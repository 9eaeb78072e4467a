using System.Globalization;

using DeepScale.Cli;
using DeepScale.Cli.Commands;
using DeepScale.Core;
using DeepScale.Experiments.Spec;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string verb = args.Length > 0 ? args[0] : "--help";
string[] rest = args.Length > 0 ? args[1..] : [];
try
{
    return verb switch
    {
        "simulate" => SimulateCommand.Run(new CommandLine(verb, rest, ["--trace", "--trace-ranks", "--fidelity"], ["--json", "--require-fit"])),
        "collective" => CollectiveCommand.Run(new CommandLine(verb, rest, ["--system", "--gpus", "--op", "--bytes", "--algorithm", "--protocol", "--fidelity"], ["--json"])),
        "demo" => KernelDemoCommand.Run(new CommandLine(verb, rest, ["--out"], []).Value("--out") ?? Path.Combine("results", "kernel-demo")),
        "--help" or "-h" or "help" => Help(),
        "--version" => Version(),
        _ => Fail($"unknown command '{verb}'; run 'deepscale --help'"),
    };
}
catch (SpecException ex)
{
    return Fail(ex.Message);
}
catch (UsageException ex)
{
    return Fail(ex.Message);
}
catch (SpecFieldException ex)
{
    return Fail(ex.Message);
}
catch (IOException ex)
{
    return Fail(ex.Message);
}
catch (UnauthorizedAccessException ex)
{
    return Fail(ex.Message);
}
catch (Exception ex) when (Environment.GetEnvironmentVariable("DEEPSCALE_DEBUG") is null)
{
    // A bug, not bad input: one line, no stack trace (set DEEPSCALE_DEBUG=1 to see it).
    Console.Error.WriteLine($"deepscale: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}

static int Help()
{
    Console.WriteLine("""
        deepscale — discrete-event simulation lab for deep-learning resource allocation and scaling

        Commands (each has --help):
          simulate SPEC.yaml   simulate one training iteration: time, memory, breakdown, cost
          collective ...       one collective on a catalog system: time, algbw, busbw
          demo [--out DIR]     the kernel demo: contention on a shared uplink, M/M/1 against theory

        Exit codes: 0 success, 2 bad input (one line on stderr naming the field), 3 does not fit (--require-fit).
        """);
    return 0;
}

static int Version()
{
    Console.WriteLine(typeof(CommandLine).Assembly.GetName().Version?.ToString(3));
    return 0;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"deepscale: {message.ReplaceLineEndings(" ")}");
    return 2;
}
