using System.Globalization;
using System.Text;
using VmMesh.Bench.Load;

namespace VmMesh.Bench.Report;

/// <summary>
/// The readable form of a report: the same tables printed to the console and written as mesh-bench.md. Ratios are
/// mesh over direct, so throughput below 1 and latency above 1 are the sidecar pair's cost.
/// </summary>
internal static class ReportTable
{
    private static readonly string[] RunHeader = ["load", "path", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "http err", "socket err", "runnable"];
    private static readonly string[] UsageHeader = ["sidecar", "RSS idle MiB"];

    public static string Render(BenchReport report, bool markdown)
    {
        var text = new StringBuilder();
        var m = report.Machine;
        var heading = markdown ? "# VmMesh mesh bench" : "VmMesh mesh bench";
        text.AppendLine(heading);
        text.AppendLine();
        text.AppendLine(Invariant($"Run {report.RunId}, {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {m.Cores} cores, kernel {m.Kernel}, {m.Wrk}, {m.Nginx}, sidecar GC: {m.SidecarGc}."));
        text.AppendLine(Invariant($"Load average (1/5/15 min): {m.LoadAverageBefore} before, {m.LoadAverageAfter} after. The machine is shared: figures are as measured, not a verdict."));
        text.AppendLine("direct = wrk on host A -> nginx on host B (plain HTTP); mesh = wrk on A -> sidecar web (outbound, Host: api) -> mTLS HTTP/2 -> sidecar api on B -> nginx.");
        text.AppendLine();

        var rows = new List<string[]> { RunHeader };
        foreach (var p in report.Profiles)
        {
            rows.Add(Row(p.Profile, "direct", p.Baseline, p.BaselineRunnable));
            rows.Add(Row(p.Profile, "mesh", p.Mesh, p.MeshRunnable));
            rows.Add([p.Profile.Name, "mesh/direct", Invariant($"{p.ThroughputRatio:0.00}x"), Invariant($"{p.P50Ratio:0.00}x"), string.Empty, Invariant($"{p.P99Ratio:0.00}x"), string.Empty, string.Empty, string.Empty, string.Empty]);
        }

        AppendTable(text, rows, textColumns: 2, markdown);
        text.AppendLine();

        var usage = new List<string[]> { UsageHeader };
        foreach (var p in report.Profiles)
        {
            usage[0] = [.. usage[0], $"RSS peak MiB ({p.Profile.Name})", $"CPU s ({p.Profile.Name})", $"CPU µs/req ({p.Profile.Name})"];
        }

        foreach (var idle in report.Idle)
        {
            var row = new List<string> { idle.Name, Invariant($"{idle.StartRssMib:0.0}") };
            foreach (var p in report.Profiles)
            {
                var during = p.Sidecars.First(s => s.Name == idle.Name);
                row.Add(Invariant($"{during.PeakRssMib:0.0}"));
                row.Add(Invariant($"{during.Cpu.TotalSeconds:0.0}"));
                row.Add(Invariant($"{p.CpuMicrosecondsPerRequest(during):0}"));
            }

            usage.Add([.. row]);
        }

        AppendTable(text, usage, textColumns: 1, markdown);
        text.AppendLine();
        var first = report.Profiles[0];
        text.AppendLine(Invariant($"Each run: {first.Profile.Warmup.TotalSeconds:0} s warm-up (discarded), then {first.Profile.Duration.TotalSeconds:0} s measured; RSS is VmRSS sampled every 100 ms during the measured mesh run; CPU s is the sidecar's user+system time over it, and CPU µs/req that time per mesh request (less sensitive to a busy machine than req/s). The runnable column is the mean number of tasks runnable machine-wide during the run (procs_running, sampled every 100 ms, wrk and the servers included): far above the core count, every hand-off between threads waits for a CPU, which costs the mesh path (several hand-offs per request) much more than nginx alone."));
        return text.ToString();
    }

    private static string[] Row(LoadProfile profile, string path, WrkResult r, double runnable) =>
    [
        profile.Name, path,
        Invariant($"{r.RequestsPerSecond:0}"),
        Invariant($"{r.P50Ms:0.00}"),
        Invariant($"{r.P90Ms:0.00}"),
        Invariant($"{r.P99Ms:0.00}"),
        Invariant($"{r.MaxMs:0.0}"),
        Invariant($"{r.HttpErrors}"),
        Invariant($"{r.SocketErrors}"),
        Invariant($"{runnable:0.0}"),
    ];

    private static void AppendTable(StringBuilder text, List<string[]> rows, int textColumns, bool markdown)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Select((cell, c) => c < textColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.AppendLine(markdown ? "| " + string.Join(" | ", cells) + " |" : string.Join("  ", cells).TrimEnd());
            if (i == 0)
            {
                var rules = widths.Select((w, c) => markdown ? (c < textColumns ? new string('-', w) : new string('-', w - 1) + ":") : new string('-', w));
                text.AppendLine(markdown ? "| " + string.Join(" | ", rules) + " |" : string.Join("  ", rules));
            }
        }
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
