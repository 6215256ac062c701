using VmMesh.Testing;
using System.Text.Json;
using VmMesh.EndToEnd.Tests.Support;

namespace VmMesh.EndToEnd.Tests.Mesh;

/// <summary>Issue 4: what a sidecar registers in Consul (app + connect-proxy) and that a graceful stop removes both.</summary>
[Collection(MeshCollection.Name)]
public sealed class RegistrationTests(MeshFixture mesh)
{
    [Fact]
    public async Task Sidecar_StartedThenStoppedGracefully_RegistersAppAndProxyThenRemovesBoth()
    {
        using var consul = new HttpClient { BaseAddress = mesh.ConsulAddress, Timeout = TimeSpan.FromSeconds(10) };
        await using var sidecar = await mesh.StartExtraSidecarAsync(mesh.HostA, "inventory");

        var services = await Eventually.UntilAsync(
            () => AgentServicesAsync(consul),
            s => HasProxyFor(s, "inventory"),
            TimeSpan.FromSeconds(30),
            "inventory's proxy registration");
        var proxy = services.EnumerateObject().Single(p => p.Value.GetProperty("Service").GetString() == "inventory-sidecar-proxy").Value;
        Assert.Equal("connect-proxy", proxy.GetProperty("Kind").GetString());
        Assert.Equal("inventory", proxy.GetProperty("Proxy").GetProperty("DestinationServiceName").GetString());
        Assert.Equal("inventory-1", proxy.GetProperty("Proxy").GetProperty("DestinationServiceID").GetString());
        Assert.Equal(mesh.HostA.Address, proxy.GetProperty("Address").GetString());
        Assert.True(proxy.GetProperty("Meta").TryGetProperty("vmmesh-version", out _), proxy.ToString());
        Assert.Single(services.EnumerateObject(), p => p.Value.GetProperty("Service").GetString() == "inventory");

        await sidecar.SignalAsync("TERM");
        Assert.Equal(0, await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var after = await AgentServicesAsync(consul);
        Assert.DoesNotContain(after.EnumerateObject(), p => p.Value.GetProperty("Service").GetString() is "inventory" or "inventory-sidecar-proxy");
    }

    private static bool HasProxyFor(JsonElement services, string name) =>
        services.EnumerateObject().Any(p => p.Value.GetProperty("Service").GetString() == name + "-sidecar-proxy");

    private static async Task<JsonElement> AgentServicesAsync(HttpClient consul)
    {
        var json = await consul.GetStringAsync(new Uri("/v1/agent/services", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(15));
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
