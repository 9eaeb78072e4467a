using System.Globalization;
using System.Reflection;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>
/// The BenchmarkDotNet classes that time the host micro-kernels, one per kernel, and the way back from a
/// benchmark case to the work it measured (so a cost model can be fitted from the measured times).
/// </summary>
/// <remarks>
/// <see cref="AllReduceBenchmarks"/> starts a peer process through the entry assembly of the benchmark host (or
/// <c>dotnet exec</c> of this assembly): the host's <c>Main</c> must call
/// <c>DeepScale.HostLab.Processes.HostLabEntry.TryRun(args, out int code)</c> first.
/// </remarks>
public static class HostBenchmarks
{
    /// <summary>Every host benchmark class, in a fixed order.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(GemmBenchmarks),
        typeof(Conv2dBenchmarks),
        typeof(ElementwiseBenchmarks),
        typeof(ReductionBenchmarks),
        typeof(SoftmaxBenchmarks),
        typeof(LayerNormBenchmarks),
        typeof(MemoryCopyBenchmarks),
        typeof(FileReadBenchmarks),
        typeof(AllReduceBenchmarks),
    ];

    /// <summary>
    /// The work of one invocation of <paramref name="benchmarkType"/> at the given parameter values (names as the
    /// class declares them, values as BenchmarkDotNet reports them, e.g. <c>BenchmarkCase.Parameters.Items</c>).
    /// </summary>
    public static IKernelWork WorkOf(Type benchmarkType, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(benchmarkType);
        ArgumentNullException.ThrowIfNull(parameters);
        if (Activator.CreateInstance(benchmarkType) is not IHostBenchmark benchmark)
        {
            throw new ArgumentException($"{benchmarkType.Name} is not a host benchmark", nameof(benchmarkType));
        }

        foreach ((string name, object? value) in parameters)
        {
            PropertyInfo property = benchmarkType.GetProperty(name)
                ?? throw new ArgumentException($"{benchmarkType.Name} has no parameter '{name}'", nameof(parameters));
            object? converted = value is null || property.PropertyType.IsInstanceOfType(value)
                ? value
                : property.PropertyType.IsEnum
                    ? Enum.Parse(property.PropertyType, value.ToString() ?? "", ignoreCase: false)
                    : Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture);
            property.SetValue(benchmark, converted);
        }

        return benchmark.Work;
    }
}
