using System.Globalization;
using System.Reflection;
using System.Text;

using DeepScale.Benchmarks.Host;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// One measured case of a host micro-kernel: the kernel, its benchmark parameters as text (in the order the class
/// declares them, e.g. <c>Shape=256x256x256;Threads=2</c>), the work one invocation does, and the execution
/// parameters the work does not carry (GEMM/copy threads, page-cache state of a file read). The text form is the
/// case's identity: it names the case in the measurement table and the leave-one-out report, and
/// <see cref="Parse"/> rebuilds the case from it.
/// </summary>
public sealed record KernelCase
{
    private KernelCase(HostKernel kernel, string parameters, IKernelWork work, int threads, PageCacheMode cache)
    {
        Kernel = kernel;
        Parameters = parameters;
        Work = work;
        Threads = threads;
        Cache = cache;
    }

    /// <summary>The micro-kernel.</summary>
    public HostKernel Kernel { get; }

    /// <summary>Benchmark parameters as <c>Name=Value</c> pairs joined by ';', in declaration order.</summary>
    public string Parameters { get; }

    /// <summary>FLOPs and bytes of one invocation.</summary>
    public IKernelWork Work { get; }

    /// <summary>Threads the kernel runs on (1 where the benchmark has no thread parameter).</summary>
    public int Threads { get; }

    /// <summary>Page-cache state of a file read (<see cref="PageCacheMode.Warm"/> for every other kernel).</summary>
    public PageCacheMode Cache { get; }

    /// <summary>How many cores the case keeps busy at once: its threads, or a spread loopback ring's processes.</summary>
    public int Cores => Work is AllReduceShape { Placement: RingPlacement.Spread } ring ? Math.Max(1, ring.Ranks) : Threads;

    /// <summary>The kernel's name in tables: gemm, conv2d, elementwise, reduction, softmax, layer_norm,
    /// memory_copy, file_read, all_reduce, peak_flops.</summary>
    public string KernelName => NameOf(Kernel);

    /// <summary>The benchmark class that measures <paramref name="kernel"/>.</summary>
    public static Type BenchmarkType(HostKernel kernel) => kernel switch
    {
        HostKernel.Gemm => typeof(GemmBenchmarks),
        HostKernel.Conv2d => typeof(Conv2dBenchmarks),
        HostKernel.Elementwise => typeof(ElementwiseBenchmarks),
        HostKernel.Reduction => typeof(ReductionBenchmarks),
        HostKernel.Softmax => typeof(SoftmaxBenchmarks),
        HostKernel.LayerNorm => typeof(LayerNormBenchmarks),
        HostKernel.MemoryCopy => typeof(MemoryCopyBenchmarks),
        HostKernel.FileRead => typeof(FileReadBenchmarks),
        HostKernel.AllReduce => typeof(AllReduceBenchmarks),
        HostKernel.PeakFlops => typeof(PeakFlopsBenchmarks),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "calibration.kernel: not a host kernel"),
    };

    /// <summary>The kernel a benchmark class measures; throws for a class that is not a host benchmark.</summary>
    public static HostKernel KernelOf(Type benchmarkType)
    {
        ArgumentNullException.ThrowIfNull(benchmarkType);
        foreach (HostKernel kernel in Enum.GetValues<HostKernel>())
        {
            if (BenchmarkType(kernel) == benchmarkType)
            {
                return kernel;
            }
        }

        throw new ArgumentException($"calibration.kernel: {benchmarkType.Name} is not a host micro-kernel benchmark", nameof(benchmarkType));
    }

    /// <summary>The table name of a kernel (see <see cref="KernelName"/>).</summary>
    public static string NameOf(HostKernel kernel) => kernel switch
    {
        HostKernel.Gemm => "gemm",
        HostKernel.Conv2d => "conv2d",
        HostKernel.Elementwise => "elementwise",
        HostKernel.Reduction => "reduction",
        HostKernel.Softmax => "softmax",
        HostKernel.LayerNorm => "layer_norm",
        HostKernel.MemoryCopy => "memory_copy",
        HostKernel.FileRead => "file_read",
        HostKernel.AllReduce => "all_reduce",
        HostKernel.PeakFlops => "peak_flops",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "calibration.kernel: not a host kernel"),
    };

    /// <summary>The kernel of a table name (<see cref="KernelName"/>); throws <see cref="FormatException"/> listing the names.</summary>
    public static HostKernel ParseKernel(string name) =>
        Enum.GetValues<HostKernel>().Cast<HostKernel?>().FirstOrDefault(x => NameOf(x!.Value) == name)
            ?? throw new FormatException($"calibration.kernel: '{name}' is not a host kernel ({string.Join(", ", Enum.GetValues<HostKernel>().Select(NameOf))})");

    /// <summary>The case of a benchmark class at the given parameter values (as BenchmarkDotNet reports them).</summary>
    public static KernelCase FromBenchmark(Type benchmarkType, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HostKernel kernel = KernelOf(benchmarkType);
        List<KeyValuePair<string, object?>> ordered = Ordered(benchmarkType, parameters);
        IKernelWork work = HostBenchmarks.WorkOf(benchmarkType, ordered);
        int threads = 1;
        PageCacheMode cache = PageCacheMode.Warm;
        var text = new StringBuilder();
        foreach ((string name, object? value) in ordered)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(name).Append('=').Append(Format(value));
            if (name == "Threads" && value is int t)
            {
                threads = t;
            }
            else if (name == "Cache" && value is PageCacheMode c)
            {
                cache = c;
            }
        }

        if (threads < 1)
        {
            throw new ArgumentException($"calibration.{NameOf(kernel)}.threads: {threads} must be at least 1", nameof(parameters));
        }

        return new KernelCase(kernel, text.ToString(), work, threads, cache);
    }

    /// <summary>
    /// Rebuilds a case from its table form: the kernel name and the parameter text. Throws
    /// <see cref="FormatException"/> naming the kernel and the parameter when the text does not describe a case.
    /// </summary>
    public static KernelCase Parse(string kernel, string parameters)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(parameters);
        HostKernel k = ParseKernel(kernel);
        Type type = BenchmarkType(k);
        var values = new List<KeyValuePair<string, object?>>();
        foreach (string pair in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"calibration.{kernel}.params: '{pair}' is not Name=Value");
            }

            string name = pair[..eq];
            PropertyInfo property = type.GetProperty(name)
                ?? throw new FormatException($"calibration.{kernel}.params: {type.Name} has no parameter '{name}'");
            values.Add(KeyValuePair.Create<string, object?>(name, ShapeText.ParseValue(property.PropertyType, pair[(eq + 1)..], $"calibration.{kernel}.{name}")));
        }

        try
        {
            return FromBenchmark(type, values);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"calibration.{kernel}.params: '{parameters}' does not describe a case ({e.Message})", e);
        }
    }

    /// <summary>"gemm Shape=256x256x256;Threads=1".</summary>
    public override string ToString() => KernelName + " " + Parameters;

    private static List<KeyValuePair<string, object?>> Ordered(Type type, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        List<KeyValuePair<string, object?>> given = [.. parameters];
        string[] declared = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != nameof(IHostBenchmark.Work))
            .OrderBy(p => p.MetadataToken)
            .Select(p => p.Name)];
        foreach (KeyValuePair<string, object?> p in given)
        {
            if (!declared.Contains(p.Key))
            {
                throw new ArgumentException($"calibration.{NameOf(KernelOf(type))}.params: {type.Name} has no parameter '{p.Key}'", nameof(parameters));
            }
        }

        return [.. given.OrderBy(p => Array.IndexOf(declared, p.Key))];
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
