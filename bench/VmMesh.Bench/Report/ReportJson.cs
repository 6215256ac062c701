using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VmMesh.Bench.Load;
using VmMesh.Bench.Memory;

namespace VmMesh.Bench.Report;

/// <summary>mesh-bench.json: the figures with their units in the key names (req/s, ms, MiB, CPU seconds).</summary>
internal static class ReportJson
{
    // Relaxed escaping keeps "+00:00" and "3+b2" readable; the file is data for people and scripts, never HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(BenchReport report)
    {
        var root = new JsonObject
        {
            ["runId"] = report.RunId,
            ["startedAt"] = report.StartedAt.ToString("o", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["cores"] = report.Machine.Cores,
                ["kernel"] = report.Machine.Kernel,
                ["loadAverageBefore"] = report.Machine.LoadAverageBefore,
                ["loadAverageAfter"] = report.Machine.LoadAverageAfter,
                ["wrk"] = report.Machine.Wrk,
                ["nginx"] = report.Machine.Nginx,
                ["sidecarGc"] = report.Machine.SidecarGc,
            },
            ["idle"] = new JsonArray([.. report.Idle.Select(u => (JsonNode)new JsonObject { ["process"] = u.Name, ["rssMiB"] = Round(u.StartRssMib) })]),
            ["profiles"] = new JsonArray([.. report.Profiles.Select(Profile)]),
        };
        return root.ToJsonString(Indented);
    }

    private static JsonNode Profile(ProfileResult p) => new JsonObject
    {
        ["threads"] = p.Profile.Threads,
        ["connections"] = p.Profile.Connections,
        ["warmupSeconds"] = p.Profile.Warmup.TotalSeconds,
        ["durationSeconds"] = p.Profile.Duration.TotalSeconds,
        ["baseline"] = Run(p.Baseline, p.BaselineRunnable),
        ["mesh"] = Run(p.Mesh, p.MeshRunnable),
        ["ratios"] = new JsonObject
        {
            ["throughputMeshOverBaseline"] = Round(p.ThroughputRatio, 3),
            ["p50MeshOverBaseline"] = Round(p.P50Ratio, 2),
            ["p99MeshOverBaseline"] = Round(p.P99Ratio, 2),
        },
        ["sidecarsDuringMesh"] = new JsonArray([.. p.Sidecars.Select(u => (JsonNode)Usage(u, p))]),
    };

    private static JsonObject Run(WrkResult r, double runnable) => new JsonObject
    {
        ["runnableTasksMean"] = Round(runnable),
        ["requests"] = r.Requests,
        ["seconds"] = Round(r.Duration.TotalSeconds, 3),
        ["requestsPerSecond"] = Round(r.RequestsPerSecond),
        ["p50Ms"] = Round(r.P50Ms, 3),
        ["p90Ms"] = Round(r.P90Ms, 3),
        ["p99Ms"] = Round(r.P99Ms, 3),
        ["maxMs"] = Round(r.MaxMs, 3),
        ["meanMs"] = Round(r.MeanMs, 3),
        ["httpErrors"] = r.HttpErrors,
        ["socketErrors"] = new JsonObject
        {
            ["connect"] = r.ConnectErrors,
            ["read"] = r.ReadErrors,
            ["write"] = r.WriteErrors,
            ["timeout"] = r.Timeouts,
        },
    };

    private static JsonObject Usage(ProcessUsage u, ProfileResult p) => new JsonObject
    {
        ["process"] = u.Name,
        ["rssAtStartMiB"] = Round(u.StartRssMib),
        ["peakRssMiB"] = Round(u.PeakRssMib),
        ["samples"] = u.Samples,
        ["cpuSeconds"] = Round(u.Cpu.TotalSeconds, 2),
        ["cpuMicrosecondsPerRequest"] = Round(p.CpuMicrosecondsPerRequest(u)),
    };

    private static double Round(double value, int digits = 1) => double.IsFinite(value) ? Math.Round(value, digits) : 0;
}
