using System.Text.Json.Nodes;
using VmMesh.Bench.Load;
using VmMesh.Bench.Memory;
using VmMesh.Bench.Report;
using VmMesh.Bench.Topology;
using VmMesh.Testing;

namespace VmMesh.Bench;

/// <summary>
/// One bench invocation, top to bottom: bring the topology up, read the sidecars' idle RSS, prime the mesh path,
/// then per load profile a direct run and a mesh run (each after its own warm-up) with the sidecars sampled during
/// the mesh run; tear down; return the report (Program writes mesh-bench.json and .md and prints the table).
/// Progress goes to stderr, the table to stdout.
/// </summary>
internal sealed class BenchSession
{
    private static readonly TimeSpan PrimeTime = TimeSpan.FromSeconds(5);

    private readonly BenchOptions _options;
    private readonly TextWriter _progress;

    public BenchSession(BenchOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
    }

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        Step($"Starting the topology (run {_options.RunId}): bridge, namespaces A and B, dev Consul, policy server, nginx, sidecars web and api");
        var idle = new List<ProcessUsage>();
        var profiles = new List<ProfileResult>();
        await using (var topology = await MeshTopology.StartAsync(_options.RunId, cancellationToken))
        {
            var wrk = new WrkRunner(topology.Client, WrkReportScript.Write(topology.WorkDirectory));
            (string Name, int Pid)[] sidecars = [("web", topology.WebSidecar.Id), ("api", topology.ApiSidecar.Id)];
            foreach (var (name, pid) in sidecars)
            {
                var rss = ProcStatus.RssKib(pid) ?? 0;
                idle.Add(new ProcessUsage(name, rss, rss, Samples: 1, TimeSpan.Zero));
            }

            Step($"Ready. Idle RSS: {string.Join(", ", idle.Select(u => $"{u.Name} {u.StartRssMib:0.0} MiB"))}");

            // The sidecars' first load also pays for JIT tiering and GC heap growth; one discarded run through the
            // mesh first keeps that out of the first profile's figures (each run still has its own warm-up).
            var first = _options.Profiles[0];
            Step($"priming the mesh path for {PrimeTime.TotalSeconds:0} s (discarded)");
            await wrk.WarmUpAsync(first with { Warmup = PrimeTime }, MeshTopology.MeshUrl, MeshTopology.MeshHost, cancellationToken);

            foreach (var profile in _options.Profiles)
            {
                Step($"direct {profile.Name}: {topology.DirectUrl}");
                await wrk.WarmUpAsync(profile, topology.DirectUrl, hostHeader: null, cancellationToken);
                await using var directSampler = UsageSampler.Start([]);
                var baseline = await wrk.MeasureAsync(profile, topology.DirectUrl, hostHeader: null, cancellationToken);
                var (_, baselineRunnable) = await directSampler.StopAsync();
                Step($"  {baseline.RequestsPerSecond:0} req/s, p50 {baseline.P50Ms:0.00} ms, p99 {baseline.P99Ms:0.00} ms; {baselineRunnable:0.0} tasks runnable on average");

                Step($"mesh   {profile.Name}: {MeshTopology.MeshUrl} (Host: {MeshTopology.MeshHost})");
                await wrk.WarmUpAsync(profile, MeshTopology.MeshUrl, MeshTopology.MeshHost, cancellationToken);
                await using var sampler = UsageSampler.Start(sidecars);
                var mesh = await wrk.MeasureAsync(profile, MeshTopology.MeshUrl, MeshTopology.MeshHost, cancellationToken);
                var (usage, meshRunnable) = await sampler.StopAsync();
                Step($"  {mesh.RequestsPerSecond:0} req/s, p50 {mesh.P50Ms:0.00} ms, p99 {mesh.P99Ms:0.00} ms; {meshRunnable:0.0} tasks runnable on average; peak RSS {string.Join(", ", usage.Select(u => $"{u.Name} {u.PeakRssMib:0.0} MiB"))}");
                profiles.Add(new ProfileResult(profile, baseline, mesh, usage, baselineRunnable, meshRunnable));
            }

            Step("Stopping the topology");
        }

        var machine = new MachineInfo(
            Environment.ProcessorCount,
            ReadFirstLine("/proc/sys/kernel/osrelease"),
            loadBefore,
            LoadAverage(),
            await VersionAsync("wrk", "-v"),
            await VersionAsync("nginx", "-v"),
            SidecarGc());
        return new BenchReport(_options.RunId, startedAt, machine, idle, profiles);
    }

    private void Step(string message) => _progress.WriteLine("==> " + message);

    private static string LoadAverage() => string.Join(' ', ReadFirstLine("/proc/loadavg").Split(' ').Take(3));

    private static string ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() ?? "?" : "?";

    /// <summary>The first line either stream printed (wrk prints its version on stdout, nginx on stderr).</summary>
    private static async Task<string> VersionAsync(string tool, string flag)
    {
        var result = await IpCommand.RunFileAsync(tool, [flag]);
        var line = (result.Stdout + "\n" + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? tool;
        return line.Replace("nginx version: ", string.Empty, StringComparison.Ordinal).Split(" Copyright", 2)[0];
    }

    /// <summary>Server or workstation GC, from the sidecar's runtimeconfig (it decides how much memory the sidecar holds).</summary>
    private static string SidecarGc()
    {
        var dll = RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar");
        var config = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (!File.Exists(config))
        {
            return "unknown";
        }

        var server = JsonNode.Parse(File.ReadAllText(config))?["runtimeOptions"]?["configProperties"]?["System.GC.Server"]?.GetValue<bool>() ?? false;
        return server ? "server" : "workstation";
    }
}
