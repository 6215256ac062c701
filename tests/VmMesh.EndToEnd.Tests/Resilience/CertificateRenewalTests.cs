using System.Globalization;
using VmMesh.EndToEnd.Tests.Support;
using VmMesh.Testing;
using Xunit.Abstractions;

namespace VmMesh.EndToEnd.Tests.Resilience;

/// <summary>
/// Issue 4: certificates renewed in place during steady traffic. The policy server issues 1-minute leaves (the
/// shortest it allows, see <see cref="LeafTtl"/>), so each sidecar renews every 24–30 s; traffic runs
/// until both web and api have renewed at least twice (new serials on /certs), and no request may fail.
/// </summary>
public sealed class CertificateRenewalTests(ITestOutputHelper output)
{
    // The policy server's own certificate lives as long and renews as often, and each renewal re-signs the intention
    // shards in Consul KV: the sidecars must keep accepting them while traffic flows.
    private const string LeafTtl = "1m";
    private const int Renewals = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Mesh_CertificatesRenewedDuringSteadyTraffic_NoRequestFails()
    {
        await using var mesh = await TestMesh.StartAsync(2, "--leaf-ttl", LeafTtl);
        var (hostA, hostB) = (mesh.Hosts[0], mesh.Hosts[1]);
        var appPort = FreePort.Next();
        await mesh.StartEchoAppAsync(hostB, appPort, "api-1");
        var web = await mesh.StartSidecarAsync(hostA, TestMesh.Spec("web", "web-1", FreePort.Next(), appCheck: false));
        var api = await mesh.StartSidecarAsync(hostB, TestMesh.Spec("api", "api-1", appPort, appCheck: true));

        await mesh.AllowAsync("web", "api");
        await Eventually.UntilAsync(() => TestMesh.CallAsync(web, "api"), r => r.Stdout.EndsWith("\n200", StringComparison.Ordinal), Timeout, "a 200 from api through web");

        var webSerials = new List<string>();
        var apiSerials = new List<string>();
        await using var load = mesh.StartLoad(web, "api", count: 4000, concurrency: 4, ratePerSecond: 25);
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    await RecordAsync(web, webSerials);
                    await RecordAsync(api, apiSerials);
                    return (Web: webSerials.Count - 1, Api: apiSerials.Count - 1);
                },
                renewed => renewed.Web >= Renewals && renewed.Api >= Renewals,
                Timeout,
                $"web and api each renewed {Renewals} times");
        }
        finally
        {
            // The sidecars' own account of each issue and failed renewal, for the record (and for a failure's cause).
            foreach (var sidecar in new[] { web, api })
            {
                foreach (var line in sidecar.Process.Stderr.Split('\n').Where(l => l.Contains("Certificate", StringComparison.Ordinal)))
                {
                    output.WriteLine($"{sidecar.Spec.Id}: {line}");
                }
            }
        }

        var results = await load.StopAsync(Timeout);

        output.WriteLine($"web serials: {string.Join(", ", webSerials)}");
        output.WriteLine($"api serials: {string.Join(", ", apiSerials)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"renewals during the run: web {webSerials.Count - 1}, api {apiSerials.Count - 1}; {LoadRun.Summarize(results)}"));
        Assert.True(results.Count > 0, "no request was sent");
        Assert.Equal(100.0, LoadRun.SuccessPercent(results));
    }

    private static async Task RecordAsync(MeshSidecar sidecar, List<string> serials)
    {
        var certs = await TestMesh.CertsAsync(sidecar);
        var serial = certs.GetProperty("serial").GetString()!;
        if (serials.Count == 0 || serials[^1] != serial)
        {
            serials.Add($"{serial}");
        }
    }
}
