using System.Globalization;
using System.Runtime.InteropServices;

namespace DeepScale.HostLab.Processes;

/// <summary>
/// Which cores the threads of this process may run on (Linux <c>sched_setaffinity</c>). Used to run the processes of
/// a loopback ring on one core, so that their exchange costs only processor time: nothing waits for another core to
/// wake up. A process started by a pinned thread inherits its mask, and so do the threads it creates.
/// </summary>
public static partial class CoreAffinity
{
    /// <summary>Words of a 1,024-CPU <c>cpu_set_t</c>.</summary>
    private const int MaskWords = 16;

    /// <summary>True where the process can pin its threads (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The CPUs the calling thread may run on, lowest first.</summary>
    public static IReadOnlyList<int> Allowed()
    {
        RequireSupported();
        ulong[] mask = new ulong[MaskWords];
        if (Get(mask) != 0)
        {
            throw new IOException($"sched_getaffinity failed (errno {Marshal.GetLastPInvokeError()})");
        }

        var cpus = new List<int>();
        for (int cpu = 0; cpu < MaskWords * 64; cpu++)
        {
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return cpus;
    }

    /// <summary>
    /// Restricts every thread of this process to <paramref name="cpus"/> (and, through inheritance, the processes
    /// and threads they start). Threads that exit meanwhile are skipped.
    /// </summary>
    public static void PinProcess(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Count == 0 || cpus.Any(c => c < 0 || c >= MaskWords * 64))
        {
            throw new ArgumentOutOfRangeException(nameof(cpus), $"affinity.cpus: [{string.Join(", ", cpus)}] must name CPUs 0 … {(MaskWords * 64) - 1}");
        }

        RequireSupported();

        ulong[] mask = new ulong[MaskWords];
        foreach (int cpu in cpus)
        {
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }

        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            int tid = int.Parse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture);
            if (Set(tid, mask) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                const int NoSuchProcess = 3;
                if (errno != NoSuchProcess)
                {
                    throw new IOException($"sched_setaffinity of thread {tid} failed (errno {errno})");
                }
            }
        }
    }

    private static void RequireSupported()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("affinity: pinning processes to cores needs Linux");
        }
    }

    private static unsafe int Get(ulong[] mask)
    {
        fixed (ulong* p = mask)
        {
            return SchedGetAffinity(0, (nint)(mask.Length * sizeof(ulong)), p);
        }
    }

    private static unsafe int Set(int tid, ulong[] mask)
    {
        fixed (ulong* p = mask)
        {
            return SchedSetAffinity(tid, (nint)(mask.Length * sizeof(ulong)), p);
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nint size, ulong* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static unsafe partial int SchedGetAffinity(int pid, nint size, ulong* mask);
}
