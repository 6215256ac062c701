using VmMesh.Testing;
using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Catalog;

/// <summary>
/// Contract §5: catalog services (tag union), the flattened ServiceNode shape, connect listing, nodes, node detail,
/// datacenters and status/leader.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class CatalogTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ConsulHttp _http = new(fixture);
    private readonly string _name = ConsulFixture.UniqueName("contract-cat");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task Services_TwoInstances_ListsUnionOfTagsAndEmptyArrayWhenUntagged()
    {
        var bare = _name + "-bare";
        await _http.RegisterServiceAsync(_name + "-1", $$"""{ "ID": "{{_name}}-1", "Name": "{{_name}}", "Tags": ["a", "b"] }""");
        await _http.RegisterServiceAsync(_name + "-2", $$"""{ "ID": "{{_name}}-2", "Name": "{{_name}}", "Tags": ["b", "c"] }""");
        await _http.RegisterServiceAsync(bare, $$"""{ "Name": "{{bare}}" }""");

        var reply = await Eventually.UntilAsync(
            () => _http.GetAsync("v1/catalog/services"),
            r => r.Json.TryGetProperty(bare, out _) && r.Json.TryGetProperty(_name, out var tags) && tags.GetArrayLength() == 3,
            TimeSpan.FromSeconds(20),
            "both services and all tags are in the catalog");

        Assert.Equal(new[] { "a", "b", "c" }, JsonAssert.Strings(reply.Json, _name).Order());
        Assert.Equal("[]", JsonAssert.Property(reply.Json, bare).GetRawText());
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task Service_RegisteredInstance_HasFlattenedServiceNodeShape()
    {
        var identity = await AgentIdentity.ReadAsync(_http);
        var id = _name + "-1";
        await _http.RegisterServiceAsync(id, $$"""{ "ID": "{{id}}", "Name": "{{_name}}", "Port": 7070, "Meta": { "k": "v" } }""");

        var reply = await WaitForCountAsync($"v1/catalog/service/{_name}", 1);

        ContractAssert.BlockingHeaders(_http, reply);
        var node = JsonAssert.Single(reply.Json);
        Assert.True(Guid.TryParse(JsonAssert.String(node, "ID"), out _));
        Assert.Equal(identity.NodeName, JsonAssert.String(node, "Node"));
        Assert.NotEqual(string.Empty, JsonAssert.String(node, "Address"));
        Assert.Equal(identity.Datacenter, JsonAssert.String(node, "Datacenter"));
        JsonAssert.Property(node, "TaggedAddresses", JsonValueKind.Object);
        JsonAssert.Property(node, "NodeMeta", JsonValueKind.Object);
        Assert.Equal(string.Empty, JsonAssert.String(node, "ServiceKind"));
        Assert.Equal(id, JsonAssert.String(node, "ServiceID"));
        Assert.Equal(_name, JsonAssert.String(node, "ServiceName"));
        Assert.Equal("[]", JsonAssert.Property(node, "ServiceTags").GetRawText());
        Assert.Equal(string.Empty, JsonAssert.String(node, "ServiceAddress"));
        JsonAssert.Absent(node, "ServiceTaggedAddresses");
        JsonAssert.Property(node, "ServiceWeights", JsonValueKind.Object);
        Assert.Equal("v", JsonAssert.String(JsonAssert.Property(node, "ServiceMeta"), "k"));
        Assert.Equal(7070, JsonAssert.Int64(node, "ServicePort"));
        Assert.False(JsonAssert.Boolean(node, "ServiceEnableTagOverride"));
        JsonAssert.Property(node, "ServiceProxy", JsonValueKind.Object);
        JsonAssert.Property(node, "ServiceConnect", JsonValueKind.Object);
        JsonAssert.UInt64(node, "CreateIndex");
        JsonAssert.UInt64(node, "ModifyIndex");
        JsonAssert.Absent(node, "Checks");
    }

    [Fact]
    public async Task Service_TagQuery_FiltersInstances()
    {
        await _http.RegisterServiceAsync(_name + "-1", $$"""{ "ID": "{{_name}}-1", "Name": "{{_name}}", "Tags": ["blue"] }""");
        await _http.RegisterServiceAsync(_name + "-2", $$"""{ "ID": "{{_name}}-2", "Name": "{{_name}}", "Tags": ["green"] }""");
        await WaitForCountAsync($"v1/catalog/service/{_name}", 2);

        var reply = await _http.GetAsync($"v1/catalog/service/{_name}?tag=green");

        Assert.Equal(_name + "-2", JsonAssert.String(JsonAssert.Single(reply.Json), "ServiceID"));
    }

    [Fact]
    public async Task Service_Unknown_Returns200EmptyArrayWithIndex()
    {
        var reply = await _http.GetAsync($"v1/catalog/service/{_name}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("[]", reply.Body);
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task Connect_ServiceWithSidecar_ListsOnlyTheProxy()
    {
        var id = _name + "-1";
        _http.TrackService(id + "-sidecar-proxy");
        await _http.RegisterServiceAsync(id, $$"""{ "ID": "{{id}}", "Name": "{{_name}}", "Port": 8080, "Connect": { "SidecarService": {} } }""");

        var reply = await WaitForCountAsync($"v1/catalog/connect/{_name}", 1);

        var proxy = JsonAssert.Single(reply.Json);
        Assert.Equal("connect-proxy", JsonAssert.String(proxy, "ServiceKind"));
        Assert.Equal(id + "-sidecar-proxy", JsonAssert.String(proxy, "ServiceID"));
        Assert.Equal(id, JsonAssert.String(JsonAssert.Property(proxy, "ServiceProxy"), "DestinationServiceID"));
    }

    [Fact]
    public async Task Nodes_Always_IncludeTheAgentNodeWithNodeShape()
    {
        var identity = await AgentIdentity.ReadAsync(_http);

        var reply = await _http.GetAsync("v1/catalog/nodes");

        ContractAssert.BlockingHeaders(_http, reply);
        var node = Assert.Single(JsonAssert.Array(reply.Json), n => JsonAssert.String(n, "Node") == identity.NodeName);
        Assert.True(Guid.TryParse(JsonAssert.String(node, "ID"), out _));
        Assert.Equal(identity.Datacenter, JsonAssert.String(node, "Datacenter"));
        var tagged = JsonAssert.Property(node, "TaggedAddresses", JsonValueKind.Object);
        foreach (var name in new[] { "lan", "lan_ipv4", "wan", "wan_ipv4" })
        {
            JsonAssert.Property(tagged, name, JsonValueKind.String);
        }

        var meta = JsonAssert.Property(node, "Meta", JsonValueKind.Object);
        Assert.Equal(string.Empty, JsonAssert.String(meta, "consul-network-segment"));
        JsonAssert.Property(meta, "consul-version", JsonValueKind.String);
    }

    [Fact]
    public async Task Node_AgentNode_ReturnsNodeAndServicesById()
    {
        var identity = await AgentIdentity.ReadAsync(_http);
        var id = _name + "-1";
        await _http.RegisterServiceAsync(id, $$"""{ "ID": "{{id}}", "Name": "{{_name}}", "Port": 7070 }""");

        var reply = await Eventually.UntilAsync(
            () => _http.GetAsync($"v1/catalog/node/{identity.NodeName}"),
            r => r.Status == HttpStatusCode.OK && r.Json.ValueKind == JsonValueKind.Object && r.Json.GetProperty("Services").TryGetProperty(id, out _),
            TimeSpan.FromSeconds(20),
            "the node lists the registered service");

        Assert.Equal(identity.NodeName, JsonAssert.String(JsonAssert.Property(reply.Json, "Node"), "Node"));
        var service = JsonAssert.Property(JsonAssert.Property(reply.Json, "Services"), id);
        Assert.Equal(_name, JsonAssert.String(service, "Service"));
        Assert.Equal(7070, JsonAssert.Int64(service, "Port"));
    }

    [Fact]
    public async Task Node_Unknown_ReturnsNull()
    {
        var reply = await _http.GetAsync($"v1/catalog/node/{_name}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("null", reply.Body.Trim());
    }

    [Fact]
    public async Task Datacenters_Always_ListsTheAgentDatacenterWithoutIndex()
    {
        var identity = await AgentIdentity.ReadAsync(_http);

        var reply = await _http.GetAsync("v1/catalog/datacenters");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains(identity.Datacenter, JsonAssert.Array(reply.Json).Select(d => d.GetString()));
        if (_http.IsDevServer)
        {
            Assert.Equal("[\"dc1\"]", reply.Body);
        }
    }

    [Fact]
    public async Task StatusLeader_SingleNode_ReturnsHostPortString()
    {
        var reply = await _http.GetAsync("v1/status/leader");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(JsonValueKind.String, reply.Json.ValueKind);
        var leader = reply.Json.GetString()!;
        var colon = leader.LastIndexOf(':');
        Assert.True(colon > 0 && int.TryParse(leader[(colon + 1)..], out _), $"leader '{leader}' is not host:port");
    }

    private Task<ConsulReply> WaitForCountAsync(string path, int count) =>
        Eventually.UntilAsync(
            () => _http.GetAsync(path),
            reply => reply.Status == HttpStatusCode.OK && reply.Json.ValueKind == JsonValueKind.Array && reply.Json.GetArrayLength() == count,
            TimeSpan.FromSeconds(20),
            $"{path} lists {count} instance(s)");
}
