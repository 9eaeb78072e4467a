using System.Diagnostics;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// What the calibration knows about the host without timing anything: cores, memory capacity, cache sizes, and the
/// GEMM micro-kernel's register tile and cache blocking (the constants of the HostLab GEMM). The cost model uses
/// them as given, never fits them.
/// </summary>
/// <param name="Cores">Logical processors the process may use (the "streaming multiprocessors" of the cost model).</param>
/// <param name="Memory">Physical memory available to the process.</param>
/// <param name="L1DataCache">Level-1 data cache per core.</param>
/// <param name="L2Cache">Level-2 cache per core: a working set up to this size streams at L2 bandwidth.</param>
/// <param name="LastLevelCache">The share of the last-level cache the process's cores use: a working set up to this
/// size streams at L3 bandwidth, larger ones from DRAM.</param>
/// <param name="GemmKernel">The GEMM micro-kernel in use: avx512, avx2 or portable.</param>
/// <param name="RegisterTileRows">MR: rows of C one micro-kernel call computes.</param>
/// <param name="RegisterTileColumns">NR: columns of C one micro-kernel call computes.</param>
/// <param name="BlockDepth">KC: k-block depth of the packed operands.</param>
/// <param name="BlockRows">MC: rows of A packed per block.</param>
/// <param name="BlockColumns">NC: columns of B packed per block.</param>
/// <param name="Processor">The processor as the operating system names it.</param>
public sealed record HostFacts(
    int Cores,
    Bytes Memory,
    Bytes L1DataCache,
    Bytes L2Cache,
    Bytes LastLevelCache,
    string GemmKernel,
    int RegisterTileRows,
    int RegisterTileColumns,
    int BlockDepth,
    int BlockRows,
    int BlockColumns,
    string Processor)
{
    // HostLab GemmJob: KC = 256, MC = 144, NC = 4096 (its constants, chosen there for a 48 KiB L1d and 1 MiB L2).
    private const int GemmBlockDepth = 256;
    private const int GemmBlockRows = 144;
    private const int GemmBlockColumns = 4096;

    // A virtual machine's CPUID reports the whole socket's L3 (getconf says 508 MiB on this host: 16 CCDs of
    // 32 MiB), but the cores of one small VM sit in one CCD and share its 32 MiB (AMD EPYC 9005 series product
    // brief: 32 MB L3 per CCD). The share used is the reported L3, capped at one CCD.
    private static readonly Bytes s_ccdL3 = Bytes.FromMiB(32);

    /// <summary>The facts of this host.</summary>
    public static HostFacts Current()
    {
        (int mr, int nr) = RegisterTile(Gemm.KernelName);
        Bytes l1 = CacheSize(1, "LEVEL1_DCACHE_SIZE") ?? Bytes.FromKiB(48);
        Bytes l2 = CacheSize(2, "LEVEL2_CACHE_SIZE") ?? Bytes.FromMiB(1);
        Bytes l3 = CacheSize(3, "LEVEL3_CACHE_SIZE") ?? s_ccdL3;
        return new HostFacts(
            Environment.ProcessorCount,
            new Bytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes),
            l1,
            l2,
            Bytes.Min(l3, s_ccdL3),
            Gemm.KernelName,
            mr,
            nr,
            GemmBlockDepth,
            GemmBlockRows,
            GemmBlockColumns,
            ProcessorName()).Validated();
    }

    /// <summary>MR×NR of a HostLab GEMM micro-kernel (its register tiles: avx512 8×32, avx2 6×16, portable 4×8).</summary>
    public static (int Rows, int Columns) RegisterTile(string kernel) => kernel switch
    {
        "avx512" => (8, 32),
        "avx2" => (6, 16),
        "portable" => (4, 8),
        _ => throw new ArgumentException($"host.gemm_kernel: '{kernel}' is not avx512, avx2 or portable", nameof(kernel)),
    };

    /// <summary>Throws naming the field when a fact is not physical.</summary>
    public HostFacts Validated()
    {
        Require(Cores >= 1, "cores", Cores, "must be at least 1");
        Require(Memory > Bytes.Zero, "memory", Memory, "must be positive");
        Require(L1DataCache > Bytes.Zero && L2Cache >= L1DataCache && LastLevelCache >= L2Cache, "caches",
            $"{L1DataCache} / {L2Cache} / {LastLevelCache}", "must be positive and grow from L1 to the last level");
        Require(RegisterTileRows >= 1 && RegisterTileColumns >= 1, "register_tile", $"{RegisterTileRows}x{RegisterTileColumns}", "must be positive");
        Require(BlockDepth >= 1 && BlockRows >= RegisterTileRows && BlockColumns >= RegisterTileColumns, "blocking",
            $"{BlockDepth}/{BlockRows}/{BlockColumns}", "must be positive and hold at least one register tile");
        return this;
    }

    private static void Require(bool ok, string field, object value, string constraint)
    {
        if (!ok)
        {
            throw new ArgumentException($"host.{field}: {value} {constraint}", field);
        }
    }

    /// <summary>A cache size from sysfs (Linux), else from getconf, else null.</summary>
    private static Bytes? CacheSize(int level, string getconfName)
    {
        for (int index = 0; index < 8; index++)
        {
            string dir = $"/sys/devices/system/cpu/cpu0/cache/index{index}";
            if (!Directory.Exists(dir))
            {
                break;
            }

            string type = ReadOrEmpty(Path.Combine(dir, "type"));
            if (ReadOrEmpty(Path.Combine(dir, "level")) == level.ToString(CultureInfo.InvariantCulture) && type != "Instruction")
            {
                string size = ReadOrEmpty(Path.Combine(dir, "size"));
                if (size.EndsWith('K') && long.TryParse(size[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long k))
                {
                    return Bytes.FromKiB(k);
                }
            }
        }

        string text = RunGetconf(getconfName);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0 ? new Bytes(bytes) : null;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string RunGetconf(string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "";
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo("getconf", name)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return "";
            }

            string output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output.Trim() : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static string ProcessorName()
    {
        foreach (string line in ReadOrEmpty("/proc/cpuinfo").Split('\n'))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown processor";
    }
}
