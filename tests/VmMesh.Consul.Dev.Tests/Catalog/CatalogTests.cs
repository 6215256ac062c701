using System.Text.Json;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Catalog;

public sealed class CatalogTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DevServerHarness.StartAsync();
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Tags\":[\"b\",\"a\"],\"Port\":8080,\"Connect\":{\"SidecarService\":{}}}");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Services_UnionOfTagsIncludingConsul()
    {
        var services = await _h.JsonAsync("v1/catalog/services");
        Assert.Equal(["a", "b"], services.GetProperty("web").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Empty(services.GetProperty("consul").EnumerateArray());
        Assert.True(services.TryGetProperty("web-sidecar-proxy", out _));
    }

    [Fact]
    public async Task Service_ServiceNodeShape()
    {
        var entry = (await _h.JsonAsync("v1/catalog/service/web"))[0];
        Assert.Equal("node-a", entry.GetProperty("Node").GetString());
        Assert.Equal(string.Empty, entry.GetProperty("ServiceKind").GetString());
        Assert.Equal("web-1", entry.GetProperty("ServiceID").GetString());
        Assert.Equal(8080, entry.GetProperty("ServicePort").GetInt32());
        Assert.Equal(string.Empty, entry.GetProperty("NodeMeta").GetProperty("consul-network-segment").GetString());
    }

    [Fact]
    public async Task Connect_ReturnsProxy()
    {
        var entry = Assert.Single((await _h.JsonAsync("v1/catalog/connect/web")).EnumerateArray());
        Assert.Equal("web-1", entry.GetProperty("ServiceProxy").GetProperty("DestinationServiceID").GetString());
    }

    [Fact]
    public async Task NodesNodeDatacenters()
    {
        var node = Assert.Single((await _h.JsonAsync("v1/catalog/nodes")).EnumerateArray());
        Assert.Equal("127.0.0.1", node.GetProperty("TaggedAddresses").GetProperty("wan_ipv4").GetString());
        var detail = await _h.JsonAsync("v1/catalog/node/node-a");
        Assert.True(detail.GetProperty("Services").TryGetProperty("web-1", out _));
        Assert.Equal(JsonValueKind.Null, (await _h.JsonAsync("v1/catalog/node/other")).ValueKind);
        Assert.Equal("dc1", (await _h.JsonAsync("v1/catalog/datacenters"))[0].GetString());
    }
}
