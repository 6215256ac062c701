using System.Net;
using System.Text.Json;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Health;

public sealed class HealthTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DevServerHarness.StartAsync();
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Tags\":[\"v1\",\"Blue\"],\"Port\":8080,\"Check\":{\"CheckID\":\"w1\",\"TTL\":\"1m\",\"Status\":\"passing\"}}");
        await _h.RegisterAsync("{\"ID\":\"web-2\",\"Name\":\"web\",\"Tags\":[\"v2\"],\"Meta\":{\"version\":\"2\"},\"Port\":8081,\"Check\":{\"CheckID\":\"w2\",\"TTL\":\"1m\",\"Status\":\"warning\"},\"Connect\":{\"SidecarService\":{}}}");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string[] Ids(JsonElement entries) => [.. entries.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()!)];

    [Fact]
    public async Task Service_IncludesNodeCheckAndNodeServiceShape()
    {
        var entries = await _h.JsonAsync("v1/health/service/web");
        Assert.Equal(["web-1", "web-2"], Ids(entries));
        var first = entries[0];
        Assert.Equal("serfHealth", first.GetProperty("Checks")[0].GetProperty("CheckID").GetString());
        var service = first.GetProperty("Service");
        Assert.Equal(JsonValueKind.Null, service.GetProperty("Meta").ValueKind);
        Assert.Equal("{\"Mode\":\"\",\"MeshGateway\":{},\"Expose\":{}}", service.GetProperty("Proxy").GetRawText());
        Assert.Equal("{}", service.GetProperty("Connect").GetRawText());
        Assert.Equal("node-a", first.GetProperty("Node").GetProperty("Node").GetString());
    }

    [Theory]
    [InlineData("?passing", new[] { "web-1" })]
    [InlineData("?passing=false", new[] { "web-1", "web-2" })]
    [InlineData("?tag=blue", new[] { "web-1" })]
    [InlineData("?tag=v1&tag=v2", new string[0])]
    [InlineData("?filter=Service.Meta.version%20%3D%3D%20%222%22", new[] { "web-2" })]
    public async Task Service_Filters(string query, string[] expected)
        => Assert.Equal(expected, Ids(await _h.JsonAsync("v1/health/service/web" + query)));

    [Fact]
    public async Task Service_BadPassing_Returns400()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, "v1/health/service/web?passing=nope");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Invalid value for ?passing", body);
    }

    [Fact]
    public async Task Service_BadFilter_Returns500()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, "v1/health/service/web?filter=Node%20%3D%3D%20host-name");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.StartsWith("Failed to create boolean expression evaluator: ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ReturnsProxiesOfDestination()
    {
        var entries = await _h.JsonAsync("v1/health/connect/web");
        Assert.Equal(["web-2-sidecar-proxy"], Ids(entries));
        Assert.Equal(21000, entries[0].GetProperty("Service").GetProperty("Port").GetInt32());
        Assert.Empty((await _h.JsonAsync("v1/health/connect/web?passing")).EnumerateArray());
    }

    [Fact]
    public async Task Unknown_ReturnsEmptyArrayWithIndex()
    {
        using var response = await _h.GetAsync("v1/health/service/nope");
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("X-Consul-Index"));
    }

    [Fact]
    public async Task ChecksNodeState()
    {
        Assert.Equal(2, (await _h.JsonAsync("v1/health/checks/web")).GetArrayLength());
        var nodeChecks = await _h.JsonAsync("v1/health/node/node-a");
        Assert.Contains(nodeChecks.EnumerateArray(), c => c.GetProperty("CheckID").GetString() == "serfHealth");
        var warning = await _h.JsonAsync("v1/health/state/warning");
        Assert.Equal(["service:web-2-sidecar-proxy:2", "w2"], warning.EnumerateArray().Select(c => c.GetProperty("CheckID").GetString()!).Order(StringComparer.Ordinal).ToArray());
    }
}
