using System.Globalization;

using DeepScale.Cli.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string verb = args.Length > 0 ? args[0] : "--help";
try
{
    return verb switch
    {
        "demo" => KernelDemoCommand.Run(OptionValue(args, "--out") ?? Path.Combine("results", "kernel-demo")),
        "--help" or "-h" or "help" => Help(),
        _ => Fail($"unknown command '{verb}'; run 'deepscale --help'"),
    };
}
catch (ArgumentException ex)
{
    return Fail(ex.Message);
}

static string? OptionValue(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int Help()
{
    Console.WriteLine("""
        deepscale — discrete-event simulation lab for deep-learning resource allocation and scaling

        Commands:
          demo [--out DIR]    run the kernel demo (contention on a shared uplink, M/M/1 against theory)

        Example:
          deepscale demo --out results/kernel-demo
        """);
    return 0;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"deepscale: {message}");
    return 2;
}
