using System.Diagnostics;
using System.Globalization;

namespace VmMesh.Bench.Memory;

/// <summary>Reads a process's resident set (VmRSS in /proc/&lt;pid&gt;/status) and its CPU time so far.</summary>
internal static class ProcStatus
{
    /// <summary>VmRSS in KiB, or null when the process is gone.</summary>
    public static long? RssKib(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    // "VmRSS:	   81234 kB"
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Tasks runnable machine-wide right now (procs_running in /proc/stat), or null where unreadable.</summary>
    public static int? RunnableTasks()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("procs_running ", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line["procs_running ".Length..], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>User plus system CPU time, or zero when the process is gone.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }
}
