using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace VmMesh.Installers.Tests.Ansible;

/// <summary>
/// site.yml against a real Debian 12 host with systemd (see <see cref="SiteRunFixture"/>): the first run deploys the
/// policy server and a sidecar from the debs, the second changes nothing, and what it deployed runs and is meshed.
/// </summary>
public sealed class SitePlaybookRunTests(SiteRunFixture site, ITestOutputHelper output) : IClassFixture<SiteRunFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public void FirstRun_FreshDebianHost_ChangesItAndSucceeds()
    {
        var recap = Assert.Single(PlayRecap.Parse(site.FirstRun.Stdout));
        output.WriteLine($"first run: {recap.Line}");

        Assert.True(site.FirstRun.ExitCode == 0 && recap is { Failed: 0, Unreachable: 0, Changed: > 0 }, $"first run: {recap.Line}\n{site.FirstRun}");
        Assert.Equal("target", recap.Host);
    }

    [Fact]
    public void SecondRun_SameInventory_ReportsNoChange()
    {
        var recap = Assert.Single(PlayRecap.Parse(site.SecondRun.Stdout));
        output.WriteLine($"second run: {recap.Line}");

        Assert.True(site.SecondRun.ExitCode == 0 && recap is { Failed: 0, Unreachable: 0, Changed: 0 }, $"second run: {recap.Line}\n{site.SecondRun}");
    }

    [Fact]
    public async Task Units_AfterTwoRuns_AreEnabledAndActive()
    {
        var active = await site.Target.ExecAsync(["systemctl", "is-active", "vmmesh-policy-server.service", "vmmesh-sidecar.service"], Timeout);
        var enabled = await site.Target.ExecAsync(["systemctl", "is-enabled", "vmmesh-policy-server.service", "vmmesh-sidecar.service"], Timeout);

        Assert.Equal("active\nactive\n", active.Stdout);
        Assert.Equal("enabled\nenabled\n", enabled.Stdout);
    }

    [Fact]
    public async Task Sidecar_AfterTwoRuns_IsReadyAndRegisteredInConsul()
    {
        using var http = new HttpClient { Timeout = Timeout };

        using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{site.SidecarAdminPort}/ready"));
        using var services = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{site.ConsulPort}/v1/agent/services")));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var proxy = services.RootElement.GetProperty("web-target-sidecar-proxy");
        Assert.Equal("connect-proxy", proxy.GetProperty("Kind").GetString());
        Assert.Equal("web", proxy.GetProperty("Proxy").GetProperty("DestinationServiceName").GetString());
        Assert.Equal("web", services.RootElement.GetProperty("web-target").GetProperty("Service").GetString());
    }

    [Fact]
    public async Task SecretFiles_AfterTwoRuns_AreReadableByTheServiceOnly()
    {
        var stat = await site.Target.ExecAsync(
            ["stat", "-c", "%n %U:%G %a", "/etc/vmmesh/kek", "/etc/vmmesh/join-token", "/var/lib/vmmesh/policy-server/admin-token", "/etc/vmmesh/sidecar.json"],
            Timeout);

        Assert.Equal(
            "/etc/vmmesh/kek vmmesh:vmmesh 600\n/etc/vmmesh/join-token root:vmmesh 640\n/var/lib/vmmesh/policy-server/admin-token vmmesh:vmmesh 600\n/etc/vmmesh/sidecar.json root:vmmesh 640\n",
            stat.Stdout);
    }

    [Fact]
    public async Task Output_OfBothRuns_NeverShowsTheSecrets()
    {
        var joinToken = (await File.ReadAllTextAsync(site.Root.HostPath("/etc/vmmesh/join-token"))).Trim();
        var adminToken = (await File.ReadAllTextAsync(site.Root.HostPath("/var/lib/vmmesh/policy-server/admin-token"))).Trim();

        Assert.True(joinToken.Length > 16, $"join token file holds '{joinToken.Length}' characters");
        foreach (var run in new[] { site.FirstRun, site.SecondRun })
        {
            var printed = run.Stdout + run.Stderr;
            Assert.DoesNotContain(site.Kek, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(joinToken, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(adminToken, printed, StringComparison.Ordinal);
        }
    }
}
