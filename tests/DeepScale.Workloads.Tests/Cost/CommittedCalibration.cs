using System.Globalization;
using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Cost;

namespace DeepScale.Workloads.Tests.Cost;

/// <summary>
/// The committed calibration of this machine (results/calibration under the repository root): the host-cpu
/// profile the catalog loads, and the fit report's residuals, i.e. what the calibration's own model predicted for
/// every measured case. The in-memory cases are rebuilt as <see cref="CpuKernel"/>s from their parameter text.
/// </summary>
internal static class CommittedCalibration
{
    public static string Directory => Path.Combine(RepositoryRoot(), "results", "calibration");

    public static HostCpuCostProfile Profile()
    {
        (_, HostCpuCostProfile cpu, string? warning) = HostCpuDevice.LoadCalibration(Path.Combine(Directory, "host-cpu.json"));
        Assert.IsNull(warning, warning);
        Assert.IsFalse(cpu.IsPlaceholder, "the committed host-cpu.json has no cpu_model section");
        return cpu;
    }

    /// <summary>Every in-memory case of the fit report: kernel, parameter text, threads and the fitted time.</summary>
    public static IReadOnlyList<(string Name, CpuKernel Kernel, int Threads, Duration Fitted)> FittedCases()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "host-cpu-fit.json")));
        var cases = new List<(string, CpuKernel, int, Duration)>();
        foreach (JsonElement r in doc.RootElement.GetProperty("fit").GetProperty("residuals").EnumerateArray())
        {
            string kernel = r.GetProperty("kernel").GetString()!;
            string parameters = r.GetProperty("params").GetString()!;
            if (Parse(kernel, parameters) is { } parsed)
            {
                cases.Add(($"{kernel} {parameters}", parsed.Kernel, parsed.Threads, Duration.Parse(r.GetProperty("fitted").GetString()!)));
            }
        }

        return cases;
    }

    /// <summary>The kernel of an in-memory case, or null for the others (file reads, all-reduce, the peak probe).</summary>
    private static (CpuKernel Kernel, int Threads)? Parse(string kernel, string parameters)
    {
        Dictionary<string, string> p = parameters.Split(';').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        int threads = p.TryGetValue("Threads", out string? t) ? Int(t) : 1;
        switch (kernel)
        {
            case "gemm":
                {
                    string[] parts = p["Shape"].Split(' ');
                    int[] mnk = [.. parts[0].Split('x').Select(Int)];
                    return (new CpuGemm(mnk[0], mnk[1], mnk[2], parts.Contains("At"), parts.Contains("Bt")), threads);
                }

            case "conv2d":
                {
                    // "N8 C16 32x32 K32 R3 S1 P1"
                    string[] s = p["Shape"].Split(' ');
                    int n = Int(s[0][1..]), c = Int(s[1][1..]), k = Int(s[3][1..]), r = Int(s[4][1..]), stride = Int(s[5][1..]), pad = Int(s[6][1..]);
                    int[] hw = [.. s[2].Split('x').Select(Int)];
                    int outH = ((hw[0] + (2 * pad) - r) / stride) + 1, outW = ((hw[1] + (2 * pad) - r) / stride) + 1;
                    return (new CpuConvolution(n, k, outH * outW, c * r * r), threads);
                }

            case "elementwise":
                {
                    long n = long.Parse(p["Length"], CultureInfo.InvariantCulture);
                    CpuMap map = p["Op"] switch
                    {
                        "Add" => CpuMap.Add(n),
                        "Scale" => CpuMap.Scale(n),
                        "Axpy" => CpuMap.Axpy(n),
                        "Relu" => CpuMap.Relu(n),
                        "Gelu" => CpuMap.Gelu(n),
                        string op => throw new AssertFailedException($"unknown element-wise op {op}"),
                    };
                    return (map, 1);
                }

            case "reduction":
                return (new CpuReduction(long.Parse(p["Length"], CultureInfo.InvariantCulture)), 1);
            case "softmax" or "layer_norm":
                {
                    // "Softmax 64x10", "LayerNorm 512x1024"
                    int[] rc = [.. p["Shape"].Split(' ')[1].Split('x').Select(Int)];
                    return (new CpuRowwise(kernel == "layer_norm", rc[0], rc[1]), 1);
                }

            case "memory_copy":
                return (new CpuCopy(long.Parse(p["Length"], CultureInfo.InvariantCulture)), threads);
            default:
                return null;
        }
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepScale.sln")))
            {
                return dir.FullName;
            }
        }

        throw new AssertInconclusiveException("the repository root (DeepScale.sln) is not above the test assembly");
    }
}
