using System.Reflection;
using System.Text.Json;
using VmMesh.EndToEnd.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Mesh;

/// <summary>
/// Issue 4: what a sidecar registers in Consul (the app with its check, and a connect-proxy pointing at it with its
/// upstreams and a check on the inbound listener), and that a graceful stop (SIGTERM) removes both.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class RegistrationTests(MeshFixture mesh)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly string Version =
        typeof(RegistrationTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public async Task Sidecar_StartedThenStoppedGracefully_RegistersAppAndProxyThenRemovesBoth()
    {
        using var consul = new HttpClient { BaseAddress = mesh.ConsulAddress, Timeout = TimeSpan.FromSeconds(10) };
        var appPort = FreePort.Next();
        var spec = new SidecarSpec("inventory", "inventory-1", appPort, FreePort.Next(), FreePort.Next(), FreePort.Next(), AppCheck: true, [new SidecarUpstream("api", FreePort.Next())]);
        await using var sidecar = await mesh.StartExtraSidecarAsync(mesh.HostA, spec);

        var services = await Eventually.UntilAsync(() => GetAsync(consul, "/v1/agent/services"), s => HasProxyFor(s, "inventory"), Timeout, "inventory's proxy registration");
        var proxy = services.EnumerateObject().Single(p => p.Value.GetProperty("Service").GetString() == "inventory-sidecar-proxy").Value;
        Assert.Equal("inventory-1-sidecar-proxy", proxy.GetProperty("ID").GetString());
        Assert.Equal("connect-proxy", proxy.GetProperty("Kind").GetString());
        Assert.Equal(mesh.HostA.Address, proxy.GetProperty("Address").GetString());
        Assert.Equal(spec.InboundPort, proxy.GetProperty("Port").GetInt32());
        Assert.Equal(Version, proxy.GetProperty("Meta").GetProperty("vmmesh-version").GetString());
        var settings = proxy.GetProperty("Proxy");
        Assert.Equal("inventory", settings.GetProperty("DestinationServiceName").GetString());
        Assert.Equal("inventory-1", settings.GetProperty("DestinationServiceID").GetString());
        Assert.Equal(appPort, settings.GetProperty("LocalServicePort").GetInt32());
        var upstream = Assert.Single(settings.GetProperty("Upstreams").EnumerateArray());
        Assert.Equal("service", upstream.GetProperty("DestinationType").GetString());
        Assert.Equal("api", upstream.GetProperty("DestinationName").GetString());
        Assert.Equal(spec.Upstreams[0].LocalPort, upstream.GetProperty("LocalBindPort").GetInt32());

        var appService = Assert.Single(services.EnumerateObject(), p => p.Value.GetProperty("Service").GetString() == "inventory").Value;
        Assert.Equal("inventory-1", appService.GetProperty("ID").GetString());
        Assert.Equal(appPort, appService.GetProperty("Port").GetInt32());
        Assert.Equal(Version, appService.GetProperty("Meta").GetProperty("vmmesh-version").GetString());

        // The inbound check runs for real: the dev Consul in the root namespace reaches the listener on A's address.
        // The app's check targets 127.0.0.1 as a Consul agent on the app's own host would, so only its definition is
        // asserted here (the one dev Consul of the test network is not on host A).
        var checks = await Eventually.UntilAsync(
            () => GetAsync(consul, "/v1/agent/checks"),
            c => Status(c, "inventory-1-sidecar-proxy:inbound") == "passing" && Status(c, "inventory-1:app") is not null,
            Timeout,
            "inventory's proxy check passes and its app check is registered");
        var inbound = checks.GetProperty("inventory-1-sidecar-proxy:inbound");
        Assert.Equal("tcp", inbound.GetProperty("Type").GetString());
        Assert.Equal("inventory-1-sidecar-proxy", inbound.GetProperty("ServiceID").GetString());
        Assert.Equal($"TCP connect {mesh.HostA.Address}:{spec.InboundPort}: Success", inbound.GetProperty("Output").GetString());
        var appCheck = checks.GetProperty("inventory-1:app");
        Assert.Equal("http", appCheck.GetProperty("Type").GetString());
        Assert.Equal("inventory-1", appCheck.GetProperty("ServiceID").GetString());
        Assert.Equal($"HTTP http://127.0.0.1:{appPort}/health", appCheck.GetProperty("Name").GetString());
        Assert.Equal("1s", appCheck.GetProperty("Interval").GetString());

        await sidecar.SignalAsync("TERM");
        Assert.Equal(0, await sidecar.WaitForExitAsync(Timeout));
        var after = await GetAsync(consul, "/v1/agent/services");
        Assert.DoesNotContain(after.EnumerateObject(), p => p.Value.GetProperty("Service").GetString() is "inventory" or "inventory-sidecar-proxy");
        var checksAfter = await GetAsync(consul, "/v1/agent/checks");
        Assert.DoesNotContain(checksAfter.EnumerateObject(), c => c.Name.StartsWith("inventory-1", StringComparison.Ordinal));
    }

    private static bool HasProxyFor(JsonElement services, string name) =>
        services.EnumerateObject().Any(p => p.Value.GetProperty("Service").GetString() == name + "-sidecar-proxy");

    private static string? Status(JsonElement checks, string checkId) =>
        checks.TryGetProperty(checkId, out var check) ? check.GetProperty("Status").GetString() : null;

    private static async Task<JsonElement> GetAsync(HttpClient consul, string path)
    {
        var json = await consul.GetStringAsync(new Uri(path, UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(15));
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
