using VmMesh.Testing;
using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Health;

/// <summary>
/// Contract §4: ServiceEntry shape (node checks included), ?passing, tag and filter expressions, /v1/health/connect
/// returning mesh entry points only, and the checks/node/state reads. Agent-to-catalog sync may lag on real Consul,
/// so reads after a registration poll until the instances appear.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class HealthTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ConsulHttp _http = new(fixture);
    private readonly string _name = ConsulFixture.UniqueName("contract-hlth");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task ServiceEntry_RegisteredInstance_HasNodeServiceAndChecksIncludingSerfHealth()
    {
        var identity = await AgentIdentity.ReadAsync(_http);
        var id = _name + "-1";
        await _http.RegisterServiceAsync(id, $$"""
            { "ID": "{{id}}", "Name": "{{_name}}", "Tags": ["v1"], "Address": "10.0.0.5", "Port": 8080, "Meta": { "version": "1.4.2" },
              "Check": { "CheckID": "{{id}}:ttl", "Name": "heartbeat", "TTL": "60s", "Status": "passing" } }
            """);

        var reply = await WaitForInstancesAsync($"v1/health/service/{_name}", 1);

        ContractAssert.BlockingHeaders(_http, reply);
        var entry = JsonAssert.Single(reply.Json);
        var node = JsonAssert.Property(entry, "Node", JsonValueKind.Object);
        Assert.Equal(identity.NodeName, JsonAssert.String(node, "Node"));
        Assert.True(Guid.TryParse(JsonAssert.String(node, "ID"), out _));
        Assert.NotEqual(string.Empty, JsonAssert.String(node, "Address"));
        Assert.Equal(identity.Datacenter, JsonAssert.String(node, "Datacenter"));
        JsonAssert.Property(node, "TaggedAddresses", JsonValueKind.Object);
        JsonAssert.Property(JsonAssert.Property(node, "Meta", JsonValueKind.Object), "consul-network-segment", JsonValueKind.String);
        JsonAssert.UInt64(node, "CreateIndex");
        JsonAssert.UInt64(node, "ModifyIndex");

        var service = JsonAssert.Property(entry, "Service", JsonValueKind.Object);
        JsonAssert.Absent(service, "Kind");
        Assert.Equal(id, JsonAssert.String(service, "ID"));
        Assert.Equal(_name, JsonAssert.String(service, "Service"));
        Assert.Equal(new[] { "v1" }, JsonAssert.Strings(service, "Tags"));
        Assert.Equal("10.0.0.5", JsonAssert.String(service, "Address"));
        Assert.Equal("1.4.2", JsonAssert.String(JsonAssert.Property(service, "Meta"), "version"));
        Assert.Equal(8080, JsonAssert.Int64(service, "Port"));
        JsonAssert.Property(service, "Weights", JsonValueKind.Object);
        Assert.False(JsonAssert.Boolean(service, "EnableTagOverride"));
        var proxy = JsonAssert.Property(service, "Proxy", JsonValueKind.Object);
        Assert.Equal(string.Empty, JsonAssert.String(proxy, "Mode"));
        JsonAssert.EmptyObject(proxy, "MeshGateway");
        JsonAssert.EmptyObject(proxy, "Expose");
        JsonAssert.EmptyObject(service, "Connect");
        Assert.Equal(string.Empty, JsonAssert.String(service, "PeerName"));
        JsonAssert.UInt64(service, "CreateIndex");
        JsonAssert.UInt64(service, "ModifyIndex");

        var checks = JsonAssert.Array(JsonAssert.Property(entry, "Checks"));
        var serf = Assert.Single(checks, c => JsonAssert.String(c, "CheckID") == "serfHealth");
        Assert.Equal("Serf Health Status", JsonAssert.String(serf, "Name"));
        Assert.Equal("passing", JsonAssert.String(serf, "Status"));
        Assert.Equal(string.Empty, JsonAssert.String(serf, "ServiceID"));
        Assert.Equal(string.Empty, JsonAssert.String(serf, "Type"));
        Assert.Equal("[]", JsonAssert.Property(serf, "ServiceTags").GetRawText());
        var own = Assert.Single(checks, c => JsonAssert.String(c, "CheckID") == $"{id}:ttl");
        Assert.Equal(identity.NodeName, JsonAssert.String(own, "Node"));
        Assert.Equal("heartbeat", JsonAssert.String(own, "Name"));
        Assert.Equal("passing", JsonAssert.String(own, "Status"));
        Assert.Equal(string.Empty, JsonAssert.String(own, "Notes"));
        JsonAssert.Property(own, "Output", JsonValueKind.String);
        Assert.Equal(id, JsonAssert.String(own, "ServiceID"));
        Assert.Equal(_name, JsonAssert.String(own, "ServiceName"));
        Assert.Equal(new[] { "v1" }, JsonAssert.Strings(own, "ServiceTags"));
        Assert.Equal("ttl", JsonAssert.String(own, "Type"));
        Assert.Equal(string.Empty, JsonAssert.String(own, "Interval"));
        Assert.Equal(0, JsonAssert.Int64(own, "ExposedPort"));
        JsonAssert.Property(own, "Definition", JsonValueKind.Object);
        JsonAssert.UInt64(own, "CreateIndex");
        JsonAssert.UInt64(own, "ModifyIndex");
    }

    [Theory]
    [InlineData("?passing", 1)]
    [InlineData("?passing=true", 1)]
    [InlineData("?passing=1", 1)]
    [InlineData("?passing=false", 2)]
    [InlineData("?passing=0", 2)]
    [InlineData("", 2)]
    public async Task Passing_Flag_DropsInstancesWithAnyNonPassingCheck(string query, int expected)
    {
        await RegisterWithStatusAsync(_name + "-ok", "passing");
        await RegisterWithStatusAsync(_name + "-warn", "warning");
        await WaitForInstancesAsync($"v1/health/service/{_name}", 2);

        var reply = await _http.GetAsync($"v1/health/service/{_name}{query}");

        var ids = JsonAssert.Array(reply.Json).Select(e => JsonAssert.String(JsonAssert.Property(e, "Service"), "ID")).Order().ToArray();
        Assert.Equal(expected == 1 ? [_name + "-ok"] : new[] { _name + "-ok", _name + "-warn" }, ids);
    }

    [Fact]
    public async Task Passing_UnparsableValue_Returns400()
    {
        var reply = await _http.GetAsync($"v1/health/service/{_name}?passing=nope-nope-nope");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Invalid value for ?passing");
    }

    [Theory]
    [InlineData("?tag=a", 2)]
    [InlineData("?tag=a&tag=b", 1)]
    [InlineData("?tag=A&tag=B", 1)]
    [InlineData("?tag=c", 0)]
    public async Task TagFilter_Repeated_AndSemanticsCaseInsensitive(string query, int expected)
    {
        await _http.RegisterServiceAsync(_name + "-ab", $$"""{ "ID": "{{_name}}-ab", "Name": "{{_name}}", "Tags": ["a", "b"] }""");
        await _http.RegisterServiceAsync(_name + "-a", $$"""{ "ID": "{{_name}}-a", "Name": "{{_name}}", "Tags": ["a"] }""");
        await WaitForInstancesAsync($"v1/health/service/{_name}", 2);

        var reply = await _http.GetAsync($"v1/health/service/{_name}{query}");

        var ids = JsonAssert.Array(reply.Json).Select(e => JsonAssert.String(JsonAssert.Property(e, "Service"), "ID")).ToArray();
        Assert.Equal(expected, ids.Length);
        if (expected == 1)
        {
            Assert.Equal(_name + "-ab", ids[0]);
        }
    }

    [Theory]
    [InlineData("Service.Meta.version == \"2\"", "-v2")]
    [InlineData("\"canary\" in Service.Tags", "-v2")]
    [InlineData("Service.ID == \"{0}-v1\"", "-v1")]
    [InlineData("Service.Tags contains \"stable\"", "-v1")]
    [InlineData("Service.Meta.version != \"2\" and Service.Service == \"{0}\"", "-v1")]
    public async Task FilterExpression_OnServiceFields_SelectsMatchingInstances(string expression, string expectedSuffix)
    {
        await _http.RegisterServiceAsync(_name + "-v1", $$"""{ "ID": "{{_name}}-v1", "Name": "{{_name}}", "Tags": ["stable"], "Meta": { "version": "1" } }""");
        await _http.RegisterServiceAsync(_name + "-v2", $$"""{ "ID": "{{_name}}-v2", "Name": "{{_name}}", "Tags": ["canary"], "Meta": { "version": "2" } }""");
        await WaitForInstancesAsync($"v1/health/service/{_name}", 2);
        var filter = Uri.EscapeDataString(expression.Replace("{0}", _name, StringComparison.Ordinal));

        var reply = await _http.GetAsync($"v1/health/service/{_name}?filter={filter}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var entry = JsonAssert.Single(reply.Json);
        Assert.Equal(_name + expectedSuffix, JsonAssert.String(JsonAssert.Property(entry, "Service"), "ID"));
    }

    [Theory]
    [InlineData("Service.Tags ===")]
    [InlineData("Node == host-name-with-dashes")]
    public async Task FilterExpression_Invalid_Returns500EvaluatorError(string expression)
    {
        var reply = await _http.GetAsync($"v1/health/service/{_name}?filter={Uri.EscapeDataString(expression)}");

        ContractAssert.ErrorStartingWith(_http, reply, HttpStatusCode.InternalServerError, "Failed to create boolean expression evaluator");
    }

    [Fact]
    public async Task Connect_ServiceWithSidecar_ReturnsProxyNotApp()
    {
        var id = _name + "-1";
        _http.TrackService(id + "-sidecar-proxy");
        await _http.RegisterServiceAsync(id, $$"""{ "ID": "{{id}}", "Name": "{{_name}}", "Port": 8080, "Connect": { "SidecarService": {} } }""");

        var connect = await WaitForInstancesAsync($"v1/health/connect/{_name}", 1);
        var plain = await WaitForInstancesAsync($"v1/health/service/{_name}", 1);

        ContractAssert.BlockingHeaders(_http, connect);
        var proxy = JsonAssert.Property(JsonAssert.Single(connect.Json), "Service");
        Assert.Equal("connect-proxy", JsonAssert.String(proxy, "Kind"));
        Assert.Equal(id + "-sidecar-proxy", JsonAssert.String(proxy, "ID"));
        Assert.Equal(_name, JsonAssert.String(JsonAssert.Property(proxy, "Proxy"), "DestinationServiceName"));
        Assert.Equal(id, JsonAssert.String(JsonAssert.Property(proxy, "Proxy"), "DestinationServiceID"));
        var checkIds = JsonAssert.Array(JsonAssert.Property(JsonAssert.Single(connect.Json), "Checks")).Select(c => JsonAssert.String(c, "CheckID"));
        Assert.Contains("serfHealth", checkIds);
        Assert.Contains($"service:{id}-sidecar-proxy:2", checkIds);
        Assert.Equal(id, JsonAssert.String(JsonAssert.Property(JsonAssert.Single(plain.Json), "Service"), "ID"));
    }

    [Theory]
    [InlineData("v1/health/service/{0}")]
    [InlineData("v1/health/connect/{0}")]
    [InlineData("v1/health/checks/{0}")]
    public async Task UnknownService_Returns200EmptyArrayWithIndex(string pattern)
    {
        var reply = await _http.GetAsync(pattern.Replace("{0}", _name, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("[]", reply.Body);
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task Checks_ForService_ReturnsServiceChecksWithoutNodeChecks()
    {
        await RegisterWithStatusAsync(_name + "-1", "warning");
        await WaitForInstancesAsync($"v1/health/service/{_name}", 1);

        var reply = await _http.GetAsync($"v1/health/checks/{_name}");

        var check = JsonAssert.Single(reply.Json);
        Assert.Equal($"{_name}-1:ttl", JsonAssert.String(check, "CheckID"));
        Assert.Equal("warning", JsonAssert.String(check, "Status"));
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task Node_AgentNode_IncludesSerfHealth()
    {
        var identity = await AgentIdentity.ReadAsync(_http);

        var reply = await _http.GetAsync($"v1/health/node/{identity.NodeName}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var serf = Assert.Single(JsonAssert.Array(reply.Json), c => JsonAssert.String(c, "CheckID") == "serfHealth");
        Assert.Equal("passing", JsonAssert.String(serf, "Status"));
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Theory]
    [InlineData("warning", true)]
    [InlineData("any", true)]
    [InlineData("passing", false)]
    [InlineData("critical", false)]
    public async Task State_FiltersChecksByStatus(string state, bool included)
    {
        var checkId = $"{_name}-1:ttl";
        await RegisterWithStatusAsync(_name + "-1", "warning");
        await WaitForInstancesAsync($"v1/health/service/{_name}", 1);

        var reply = await _http.GetAsync($"v1/health/state/{state}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var checks = JsonAssert.Array(reply.Json);
        Assert.Equal(included, checks.Any(c => JsonAssert.String(c, "CheckID") == checkId));
        if (state != "any")
        {
            Assert.All(checks, c => Assert.Equal(state, JsonAssert.String(c, "Status")));
        }

        ContractAssert.BlockingHeaders(_http, reply);
    }

    private Task RegisterWithStatusAsync(string id, string status) =>
        _http.RegisterServiceAsync(id, $$"""{ "ID": "{{id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{id}}:ttl", "TTL": "60s", "Status": "{{status}}" } }""");

    private Task<ConsulReply> WaitForInstancesAsync(string path, int count) =>
        Eventually.UntilAsync(
            () => _http.GetAsync(path),
            reply => reply.Status == HttpStatusCode.OK && reply.Json.ValueKind == JsonValueKind.Array && reply.Json.GetArrayLength() == count,
            TimeSpan.FromSeconds(20),
            $"{path} lists {count} instance(s)");

    [Fact]
    public async Task Passing_ServiceInMaintenance_IsDroppedAndShowsMaintenanceCheck()
    {
        var id = _name + "-1";
        await RegisterWithStatusAsync(id, "passing");
        await WaitForInstancesAsync($"v1/health/service/{_name}?passing", 1);

        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/service/maintenance/{id}?enable=true&reason=patching"));
        var all = await Eventually.UntilAsync(
            () => _http.GetAsync($"v1/health/service/{_name}"),
            r => r.Json.GetArrayLength() == 1 && JsonAssert.Array(JsonAssert.Property(r.Json[0], "Checks")).Any(c => JsonAssert.String(c, "CheckID") == $"_service_maintenance:{id}"),
            TimeSpan.FromSeconds(20),
            "the maintenance check is in the instance's checks");
        var passing = await _http.GetAsync($"v1/health/service/{_name}?passing");

        var maintenance = Assert.Single(JsonAssert.Array(JsonAssert.Property(all.Json[0], "Checks")), c => JsonAssert.String(c, "CheckID") == $"_service_maintenance:{id}");
        Assert.Equal("critical", JsonAssert.String(maintenance, "Status"));
        Assert.Equal("patching", JsonAssert.String(maintenance, "Notes"));
        Assert.Equal("[]", passing.Body);
    }

    [Fact]
    public async Task Passing_NodeInMaintenance_DropsEveryInstanceOfTheNode()
    {
        await RegisterWithStatusAsync(_name + "-1", "passing");
        await WaitForInstancesAsync($"v1/health/service/{_name}?passing", 1);
        try
        {
            ContractAssert.EmptyOk(await _http.PutAsync("v1/agent/maintenance?enable=true&reason=node-patching"));

            var all = await Eventually.UntilAsync(
                () => _http.GetAsync($"v1/health/service/{_name}"),
                r => r.Json.GetArrayLength() == 1 && JsonAssert.Array(JsonAssert.Property(r.Json[0], "Checks")).Any(c => JsonAssert.String(c, "CheckID") == "_node_maintenance"),
                TimeSpan.FromSeconds(20),
                "the node maintenance check is in every instance's checks");
            var passing = await _http.GetAsync($"v1/health/service/{_name}?passing");

            var maintenance = Assert.Single(JsonAssert.Array(JsonAssert.Property(all.Json[0], "Checks")), c => JsonAssert.String(c, "CheckID") == "_node_maintenance");
            Assert.Equal("critical", JsonAssert.String(maintenance, "Status"));
            Assert.Equal(string.Empty, JsonAssert.String(maintenance, "ServiceID"));
            Assert.Equal("[]", passing.Body);
        }
        finally
        {
            // The node is shared by every test: always leave maintenance.
            await _http.PutAsync("v1/agent/maintenance?enable=false");
        }

        await WaitForInstancesAsync($"v1/health/service/{_name}?passing", 1);
    }
}
