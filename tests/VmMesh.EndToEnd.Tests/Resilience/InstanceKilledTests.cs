using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VmMesh.EndToEnd.Tests.Support;
using VmMesh.Testing;
using Xunit.Abstractions;

namespace VmMesh.EndToEnd.Tests.Resilience;

/// <summary>
/// Issue 4: one of two api instances (hosts B and C) is killed (SIGKILL, sidecar and app) while web on host A sends a
/// steady, bounded stream through its outbound listener. The survivor takes the traffic and at least 99 % of all
/// requests succeed; Consul marks the dead instance's inbound check critical.
/// </summary>
public sealed class InstanceKilledTests(ITestOutputHelper output)
{
    private const int Requests = 1500;
    private const int KillAfter = 500;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Outbound_OneOfTwoInstancesKilledUnderSteadyTraffic_SurvivorTakesTrafficAndAtLeast99PercentSucceed()
    {
        await using var mesh = await TestMesh.StartAsync(3);
        await mesh.AllowAsync("web", "api");
        var (hostA, hostB, hostC) = (mesh.Hosts[0], mesh.Hosts[1], mesh.Hosts[2]);
        var (appB, appC) = (FreePort.Next(), FreePort.Next());
        await mesh.StartEchoAppAsync(hostB, appB, "api-1");
        var echoC = await mesh.StartEchoAppAsync(hostC, appC, "api-2");
        var web = await mesh.StartSidecarAsync(hostA, TestMesh.Spec("web", "web-1", FreePort.Next(), appCheck: false));
        await mesh.StartSidecarAsync(hostB, TestMesh.Spec("api", "api-1", appB, appCheck: true));
        var apiC = await mesh.StartSidecarAsync(hostC, TestMesh.Spec("api", "api-2", appC, appCheck: true));

        // Both instances serve before the load starts, so the load really is split between them.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await Eventually.UntilAsync(
            async () =>
            {
                var result = await TestMesh.CallAsync(web, "api");
                if (Instance(result) is { } instance)
                {
                    seen.Add(instance);
                }

                return seen.Count;
            },
            count => count == 2,
            Timeout,
            "both api instances answered through web");

        await using var load = mesh.StartLoad(web, "api", Requests, concurrency: 8, ratePerSecond: 50);
        await load.WaitForResultsAsync(KillAfter, Timeout);
        await apiC.Process.SignalAsync("KILL");
        await echoC.SignalAsync("KILL");
        await apiC.Process.WaitForExitAsync(Timeout);
        await echoC.WaitForExitAsync(Timeout);
        var killedAt = DateTimeOffset.UtcNow;
        var sinceKill = Stopwatch.StartNew();

        using var consul = new HttpClient { BaseAddress = mesh.ConsulAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.UntilAsync(
            () => InboundCheckStatusAsync(consul, "api-2-sidecar-proxy:inbound"),
            status => status == "critical",
            Timeout,
            "Consul marks the killed instance's inbound check critical");
        var criticalAfter = sinceKill.Elapsed;

        var results = await load.WaitForEndAsync(Timeout);
        var before = results.Where(r => r.FinishedAt < killedAt).ToArray();
        var after = results.Where(r => r.FinishedAt >= killedAt).ToArray();
        var afterOk = after.Where(r => r.Succeeded).ToArray();
        var survivorShare = afterOk.Length == 0 ? 0 : 100.0 * afterOk.Count(r => r.Instance == "api-1") / afterOk.Length;
        var lastFailure = results.Where(r => !r.Succeeded).Select(r => (DateTimeOffset?)r.FinishedAt).Max();
        output.WriteLine($"whole run: {LoadRun.Summarize(results)}");
        output.WriteLine($"before the kill: {LoadRun.Summarize(before)}");
        output.WriteLine($"after the kill: {LoadRun.Summarize(after)}; survivor api-1 served {survivorShare.ToString("0.00", CultureInfo.InvariantCulture)} % of the successes");
        output.WriteLine($"Consul marked api-2's inbound check critical {criticalAfter.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the kill");
        output.WriteLine(lastFailure is { } at
            ? $"last failed request finished {(at - killedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the kill"
            : "no request failed");

        Assert.Equal(Requests, results.Count);
        Assert.Contains(before, r => r.Succeeded && r.Instance == "api-2");
        Assert.True(LoadRun.SuccessPercent(results) >= 99.0, $"fewer than 99 % succeeded: {LoadRun.Summarize(results)}");
        Assert.True(afterOk.Length >= after.Length * 0.99 && after.Length > 0, $"traffic after the kill did not keep succeeding: {LoadRun.Summarize(after)}");
        // A response api-2 wrote just before it died may still be read after; everything else after the kill is api-1's.
        Assert.True(survivorShare >= 99.0, $"the survivor did not take the traffic: {LoadRun.Summarize(after)}");
    }

    private static string? Instance(CommandResult result) =>
        result.Stdout.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .FirstOrDefault(l => l.StartsWith(EchoApp.InstanceHeader + ":", StringComparison.OrdinalIgnoreCase))?[(EchoApp.InstanceHeader.Length + 1)..].Trim();

    private static async Task<string?> InboundCheckStatusAsync(HttpClient consul, string checkId)
    {
        var json = await consul.GetStringAsync(new Uri("/v1/agent/checks", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(15));
        using var checks = JsonDocument.Parse(json);
        return checks.RootElement.TryGetProperty(checkId, out var check) ? check.GetProperty("Status").GetString() : null;
    }
}
