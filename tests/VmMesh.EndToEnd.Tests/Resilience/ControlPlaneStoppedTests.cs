using System.Diagnostics;
using System.Globalization;
using VmMesh.EndToEnd.Tests.Support;
using VmMesh.Testing;
using Xunit.Abstractions;

namespace VmMesh.EndToEnd.Tests.Resilience;

/// <summary>
/// Issue 4, fail static: with the policy server stopped traffic continues; with Consul stopped as well traffic
/// continues; then both sidecars, restarted while both are still stopped, start from the cache in their data
/// directories (certificate and bundle, intentions, endpoints), become ready and carry requests again.
/// </summary>
public sealed class ControlPlaneStoppedTests(ITestOutputHelper output)
{
    private const int PhaseRequests = 200;
    private const double PhaseRate = 20; // 200 requests over about 10 s after each stop
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Mesh_PolicyServerThenConsulStoppedThenSidecarsRestarted_TrafficContinuesFromCache()
    {
        await using var mesh = await TestMesh.StartAsync(2);
        await mesh.AllowAsync("web", "api");
        var (hostA, hostB) = (mesh.Hosts[0], mesh.Hosts[1]);
        var appPort = FreePort.Next();
        await mesh.StartEchoAppAsync(hostB, appPort, "api-1");
        var web = await mesh.StartSidecarAsync(hostA, TestMesh.Spec("web", "web-1", FreePort.Next(), appCheck: false));
        var api = await mesh.StartSidecarAsync(hostB, TestMesh.Spec("api", "api-1", appPort, appCheck: true));
        await Eventually.UntilAsync(() => TestMesh.CallAsync(web, "api"), IsOk, Timeout, "a 200 from api through web");

        // What the restarted sidecars will need is on disk: web's endpoints of api, api's intentions, both identities.
        var cacheFiles = new[]
        {
            Path.Combine(web.DataDir, "endpoints", "api.json"),
            Path.Combine(api.DataDir, "intentions", "api.jws"),
            Path.Combine(web.DataDir, "identity", "certificate.pem"),
            Path.Combine(api.DataDir, "identity", "certificate.pem"),
        };
        await Eventually.UntilAsync(() => Task.FromResult(cacheFiles.Where(f => !File.Exists(f)).ToArray()), missing => missing.Length == 0, Timeout, "the fail-static cache files exist");
        var webSerial = (await TestMesh.CertsAsync(web)).GetProperty("serial").GetString();
        var apiSerial = (await TestMesh.CertsAsync(api)).GetProperty("serial").GetString();

        await mesh.StopPolicyServerAsync();
        var withoutPolicyServer = await RunPhaseAsync(mesh, web, "policy server stopped");

        await mesh.StopConsulAsync();
        var withoutConsul = await RunPhaseAsync(mesh, web, "policy server and Consul stopped");

        var watch = Stopwatch.StartNew();
        api = await mesh.RestartAsync(api);
        var apiReady = watch.Elapsed;
        watch.Restart();
        web = await mesh.RestartAsync(web);
        var webReady = watch.Elapsed;
        watch.Restart();
        var first = await Eventually.UntilAsync(() => TestMesh.CallAsync(web, "api"), r => !r.Stdout.EndsWith("\n000", StringComparison.Ordinal), Timeout, "an HTTP answer after the restarts");
        var firstAnswer = watch.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"restarted with both stopped: api ready after {apiReady.TotalSeconds:0.0} s, web ready after {webReady.TotalSeconds:0.0} s, first answer {firstAnswer.TotalSeconds:0.0} s later"));
        var afterRestart = await RunPhaseAsync(mesh, web, "both sidecars restarted from cache");

        Assert.Equal(100.0, LoadRun.SuccessPercent(withoutPolicyServer));
        Assert.Equal(100.0, LoadRun.SuccessPercent(withoutConsul));
        Assert.True(IsOk(first), $"the first request after the restarts failed: {first}");
        Assert.Equal(100.0, LoadRun.SuccessPercent(afterRestart));
        Assert.All(afterRestart, r => Assert.Equal("api-1", r.Instance));
        // The certificates came from the cache: nothing could have issued new ones.
        Assert.Equal(webSerial, (await TestMesh.CertsAsync(web)).GetProperty("serial").GetString());
        Assert.Equal(apiSerial, (await TestMesh.CertsAsync(api)).GetProperty("serial").GetString());
    }

    private async Task<IReadOnlyList<LoadResult>> RunPhaseAsync(TestMesh mesh, MeshSidecar web, string phase)
    {
        await using var load = mesh.StartLoad(web, "api", PhaseRequests, concurrency: 2, PhaseRate);
        var results = await load.WaitForEndAsync(Timeout);
        output.WriteLine($"{phase}: {LoadRun.Summarize(results)}");
        Assert.Equal(PhaseRequests, results.Count);
        return results;
    }

    private static bool IsOk(CommandResult result) => result.Stdout.EndsWith("\n200", StringComparison.Ordinal);
}
