using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VmMesh.Cli.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Cli.Tests.Dev;

/// <summary>
/// `vmmesh dev --base-port 0` started as a real process: eight parts on free loopback ports, a request through the
/// whole chain, a call the intentions deny, and Ctrl+C stopping every part it printed.
/// </summary>
public sealed partial class DevMeshTests
{
    // Eight processes start on a loaded two-core machine; generous, and only a ceiling.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan TrafficTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Dev_Started_CarriesTheChainWithIdentitiesDeniesTheRestAndStopsEveryPartOnCtrlC()
    {
        await using var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Cli", "vmmesh"), ["dev", "--base-port", "0"]);
        await process.WaitForOutputAsync("VmMesh dev mesh is ready.", StartTimeout);
        var rows = DevMeshOutput.Rows(process.Stdout);
        Assert.Equal(DevMeshOutput.Parts.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        var webApp = rows["web app"].Address;
        var webOutbound = OutboundAddress().Match(rows["web sidecar"].Address).Groups[1].Value;
        Assert.Contains($"curl {webApp}/", process.Stdout, StringComparison.Ordinal);

        // The intentions are published just before the banner; the sidecars take them from Consul KV a moment later.
        var chain = await PollAsync(() => Curl.RunAsync(webApp + "/"), r => r.Status == 200);
        using (var json = JsonDocument.Parse(chain.Body))
        {
            var web = json.RootElement;
            var api = web.GetProperty("downstream");
            var inventory = api.GetProperty("downstream");
            Assert.Equal(("web", JsonValueKind.Null), (web.GetProperty("service").GetString(), web.GetProperty("peerIdentity").ValueKind));
            Assert.Equal(("api", "spiffe://vmmesh.local/ns/default/dc/dc1/svc/web"), (api.GetProperty("service").GetString(), api.GetProperty("peerIdentity").GetString()));
            Assert.Equal(("inventory", "spiffe://vmmesh.local/ns/default/dc/dc1/svc/api"), (inventory.GetProperty("service").GetString(), inventory.GetProperty("peerIdentity").GetString()));
        }

        var denied = await Curl.RunAsync("-x", webOutbound, "http://inventory/");
        Assert.Equal(403, denied.Status);
        Assert.Contains("x-vmmesh-error: intention-denied", denied.Headers, StringComparison.OrdinalIgnoreCase);

        await process.SignalAsync("INT");
        Assert.Equal(0, await process.WaitForExitAsync(ExitTimeout));
        Assert.Contains("vmmesh dev: stopped every part.", process.Stderr, StringComparison.Ordinal);
        var pids = rows.Values.Select(r => r.Pid).Distinct().ToList();
        Assert.Equal(7, pids.Count);
        Assert.DoesNotContain(pids, DevMeshOutput.IsRunning);
    }

    [Theory]
    [InlineData("65501", "--base-port 65501 leaves no room for the mesh's ports; use 0 or 1-65500.")]
    [InlineData("x", "Cannot parse argument 'x' for option '--base-port'")]
    public async Task Dev_BadBasePort_ExitsWithInvalidArgumentsAndStartsNothing(string basePort, string message)
    {
        await using var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Cli", "vmmesh"), ["dev", "--base-port", basePort]);

        Assert.Equal(2, await process.WaitForExitAsync(ExitTimeout));
        Assert.Contains(message, process.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("starting the mesh", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_ConsulPortTaken_ExitsUnavailableNamingTheCauseTheFixAndTheLog()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        await using var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Cli", "vmmesh"), ["dev", "--base-port", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(3, await process.WaitForExitAsync(StartTimeout));
        // The cause in brackets is the policy server's own first error line; only its gist is asserted here.
        var line = Assert.Single(process.Stderr.Split('\n'), l => l.StartsWith("vmmesh dev: policy-server exited during start-up (", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.EndsWith("); a port of the mesh is taken: pass --base-port with another base, or --base-port 0 for free ports; its output is in "
            + Path.Combine(Path.GetTempPath(), "vmmesh-dev-"), line[..^"xxxxxxxx/policy-server.log".Length], StringComparison.Ordinal);
        Assert.EndsWith("/policy-server.log", line, StringComparison.Ordinal);
    }

    private static async Task<Curl.Response> PollAsync(Func<Task<Curl.Response>> call, Func<Curl.Response, bool> done)
    {
        var deadline = DateTime.UtcNow + TrafficTimeout;
        var last = await call();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            last = await call();
        }

        return done(last) ? last : throw new TimeoutException($"last answer within {TrafficTimeout}: {last.Status} {last.Body}");
    }

    [GeneratedRegex(@"outbound (http://127\.0\.0\.1:\d+)")]
    private static partial Regex OutboundAddress();
}
