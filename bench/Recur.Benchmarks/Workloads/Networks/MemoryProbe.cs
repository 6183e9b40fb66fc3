using System.Diagnostics;
using System.Globalization;

namespace Recur.Benchmarks.Workloads.Networks;

/// <summary>The process's peak working set, resettable on Linux so that one workload's peak can be read alone.</summary>
public static class MemoryProbe
{
    private const string StatusPath = "/proc/self/status";
    private const string ClearRefsPath = "/proc/self/clear_refs";

    /// <summary>
    /// Returns what earlier work left to the operating system (a blocking, compacting, decommitting collection) and
    /// sets the peak resident set size to the current one (Linux: "5" written to /proc/self/clear_refs).
    /// </summary>
    /// <returns>Whether the peak was reset; where it was not, <see cref="PeakWorkingSetBytes"/> is the process's lifetime peak.</returns>
    public static bool ResetPeak()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText(ClearRefsPath, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes: VmHWM on Linux, else <see cref="Process.PeakWorkingSet64"/>.</summary>
    public static long PeakWorkingSetBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (string line in File.ReadLines(StatusPath))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                string kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
