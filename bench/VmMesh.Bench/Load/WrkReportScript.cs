namespace VmMesh.Bench.Load;

/// <summary>
/// wrk's Lua hook that prints one machine-readable line at the end of a run: percentiles straight from wrk's
/// latency histogram (microseconds) instead of the rounded text of <c>--latency</c>.
/// </summary>
internal static class WrkReportScript
{
    public const string Marker = "VMMESH-BENCH ";

    public const string Text = """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format(
            "VMMESH-BENCH requests=%d durationUs=%d bytes=%d p50Us=%d p90Us=%d p99Us=%d maxUs=%d meanUs=%.1f status=%d connect=%d read=%d write=%d timeout=%d\n",
            summary.requests, summary.duration, summary.bytes,
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
            e.status, e.connect, e.read, e.write, e.timeout))
        end
        """;

    /// <summary>Writes the script under <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "report.lua");
        File.WriteAllText(path, Text + "\n");
        return path;
    }
}
