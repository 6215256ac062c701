using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Agent;

/// <summary>
/// Contract §3.1–§3.4 and §3.6: agent self, service registration (shape read back, validation texts, strict decoding),
/// connect-proxy and SidecarService sugar, deregistration and service maintenance.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class AgentTests(ConsulFixture fixture) : IAsyncLifetime
{
    private const int SidecarMinPort = 21000;
    private const int SidecarMaxPort = 21255;

    private readonly ConsulHttp _http = new(fixture);
    private readonly string _name = ConsulFixture.UniqueName("contract-svc");

    private string Id => _name + "-1";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task Self_Always_DescribesNodeAndAliveMember()
    {
        var reply = await _http.GetAsync("v1/agent/self");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var config = JsonAssert.Property(reply.Json, "Config", JsonValueKind.Object);
        Assert.NotEqual(string.Empty, JsonAssert.String(config, "Datacenter"));
        Assert.NotEqual(string.Empty, JsonAssert.String(config, "NodeName"));
        Assert.NotEqual(string.Empty, JsonAssert.String(config, "Version"));
        var member = JsonAssert.Property(reply.Json, "Member", JsonValueKind.Object);
        Assert.Equal(1, JsonAssert.Int64(member, "Status"));
        Assert.Equal(JsonAssert.String(config, "NodeName"), JsonAssert.String(member, "Name"));
        JsonAssert.Property(reply.Json, "Meta", JsonValueKind.Object);
    }

    [Fact]
    public async Task Register_FullDefinition_ReadsBackAsAgentService()
    {
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Tags": ["v1", "http"], "Address": "10.0.0.5", "Port": 8080,
              "Meta": { "version": "1.4.2" } }
            """);

        var single = await _http.GetAsync($"v1/agent/service/{Id}");
        var all = await _http.GetAsync("v1/agent/services");

        Assert.Equal(HttpStatusCode.OK, single.Status);
        var service = single.Json;
        Assert.Equal(Id, JsonAssert.String(service, "ID"));
        Assert.Equal(_name, JsonAssert.String(service, "Service"));
        Assert.Equal(new[] { "v1", "http" }, JsonAssert.Strings(service, "Tags"));
        Assert.Equal("1.4.2", JsonAssert.String(JsonAssert.Property(service, "Meta"), "version"));
        Assert.Equal(8080, JsonAssert.Int64(service, "Port"));
        Assert.Equal("10.0.0.5", JsonAssert.String(service, "Address"));
        var weights = JsonAssert.Property(service, "Weights", JsonValueKind.Object);
        Assert.Equal(1, JsonAssert.Int64(weights, "Passing"));
        Assert.Equal(1, JsonAssert.Int64(weights, "Warning"));
        Assert.False(JsonAssert.Boolean(service, "EnableTagOverride"));
        Assert.NotEqual(string.Empty, JsonAssert.String(service, "Datacenter"));
        var tagged = JsonAssert.Property(service, "TaggedAddresses", JsonValueKind.Object);
        foreach (var name in new[] { "lan_ipv4", "wan_ipv4" })
        {
            var address = JsonAssert.Property(tagged, name, JsonValueKind.Object);
            Assert.Equal("10.0.0.5", JsonAssert.String(address, "Address"));
            Assert.Equal(8080, JsonAssert.Int64(address, "Port"));
        }

        Assert.Equal(single.Header("X-Consul-Contenthash"), JsonAssert.String(service, "ContentHash"));
        foreach (var omitted in new[] { "Kind", "SocketPath", "Proxy", "Connect", "Namespace", "Partition" })
        {
            JsonAssert.Absent(service, omitted);
        }

        var listed = JsonAssert.Property(all.Json, Id, JsonValueKind.Object);
        Assert.Equal(_name, JsonAssert.String(listed, "Service"));
        JsonAssert.Absent(listed, "ContentHash");
    }

    [Fact]
    public async Task Register_MinimalDefinition_DefaultsIdToNameAndEmptyCollections()
    {
        await _http.RegisterServiceAsync(_name, $$"""{ "Name": "{{_name}}" }""");

        var service = (await _http.GetAsync($"v1/agent/service/{_name}")).Json;

        Assert.Equal(_name, JsonAssert.String(service, "ID"));
        Assert.Equal("[]", JsonAssert.Property(service, "Tags").GetRawText());
        JsonAssert.EmptyObject(service, "Meta");
        Assert.Equal(string.Empty, JsonAssert.String(service, "Address"));
        JsonAssert.Absent(service, "TaggedAddresses");
    }

    [Fact]
    public async Task Register_KeysInOtherCase_AreAcceptedCaseInsensitively()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "id": "{{Id}}", "name": "{{_name}}", "port": 9090, "TAGS": ["x"] }""");

        var service = (await _http.GetAsync($"v1/agent/service/{Id}")).Json;

        Assert.Equal(_name, JsonAssert.String(service, "Service"));
        Assert.Equal(9090, JsonAssert.Int64(service, "Port"));
        Assert.Equal(new[] { "x" }, JsonAssert.Strings(service, "Tags"));
    }

    [Fact]
    public async Task Register_SameIdAgain_ReplacesTheService()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Port": 1000, "Tags": ["old"] }""");

        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Port": 2000 }""");

        var services = (await _http.GetAsync($"v1/agent/services?filter=Service == \"{_name}\"")).Json;
        var service = JsonAssert.Property(services, Id);
        Assert.Single(services.EnumerateObject());
        Assert.Equal(2000, JsonAssert.Int64(service, "Port"));
        Assert.Empty(JsonAssert.Strings(service, "Tags"));
    }

    [Fact]
    public async Task Register_MissingName_Returns400()
    {
        var reply = await _http.PutAsync("v1/agent/service/register", """{ "ID": "contract-nameless", "Port": 80 }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Missing service name");
    }

    [Theory]
    [InlineData("Foo", "1")]
    [InlineData("Service", "\"x\"")]
    [InlineData("ContentHash", "\"abc\"")]
    [InlineData("WriteRequest", "{}")]
    public async Task Register_UnknownOrOutputOnlyField_Returns400DecodeFailure(string field, string value)
    {
        _http.TrackService(_name);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "Name": "{{_name}}", "{{field}}": {{value}} }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, $"Request decode failed: json: unknown field \"{field}\"");
    }

    [Fact]
    public async Task Register_CheckUsingIdInsteadOfCheckId_Returns400UnknownField()
    {
        _http.TrackService(_name);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "Name": "{{_name}}", "Check": { "ID": "mine", "TTL": "30s" } }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Request decode failed: json: unknown field \"ID\"");
    }

    [Fact]
    public async Task Register_ReservedMetaPrefix_Returns400()
    {
        _http.TrackService(_name);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "Name": "{{_name}}", "Meta": { "consul-owner": "me" } }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest,
            "Invalid Service Meta: Couldn't load metadata pair ('consul-owner', 'me'): Key prefix 'consul-' is reserved for internal use");
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Register_UnspecifiedAddress_Returns400(string address)
    {
        _http.TrackService(_name);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "Name": "{{_name}}", "Address": "{{address}}", "Port": 80 }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Invalid service address");
    }

    [Fact]
    public async Task Register_Weights_AreReadBack()
    {
        await _http.RegisterServiceAsync(_name, $$"""{ "Name": "{{_name}}", "Weights": { "Passing": 10, "Warning": 0 } }""");

        var weights = JsonAssert.Property((await _http.GetAsync($"v1/agent/service/{_name}")).Json, "Weights");

        Assert.Equal(10, JsonAssert.Int64(weights, "Passing"));
        Assert.Equal(0, JsonAssert.Int64(weights, "Warning"));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 65536)]
    public async Task Register_WeightsOutOfRange_Returns400(int passing, int warning)
    {
        _http.TrackService(_name);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "Name": "{{_name}}", "Weights": { "Passing": {{passing}}, "Warning": {{warning}} } }""");

        ContractAssert.ErrorStartingWith(_http, reply, HttpStatusCode.BadRequest, "Invalid Weights");
    }

    [Fact]
    public async Task Register_ConnectProxyWithoutDestination_Returns400ValidationFailed()
    {
        _http.TrackService(_name);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "Name": "{{_name}}", "Kind": "connect-proxy", "Port": 21500, "Proxy": { "LocalServicePort": 8080 } }""");

        ContractAssert.ErrorStartingWith(_http, reply, HttpStatusCode.BadRequest, "Validation failed: ",
            "Proxy.DestinationServiceName must be non-empty for Connect proxy services");
    }

    [Fact]
    public async Task Register_ExplicitConnectProxy_ReadsBackProxyBlock()
    {
        var proxyId = Id + "-sidecar-proxy";
        await _http.RegisterServiceAsync(proxyId, $$"""
            { "Kind": "connect-proxy", "ID": "{{proxyId}}", "Name": "{{_name}}-sidecar-proxy", "Port": 21999,
              "Proxy": { "DestinationServiceName": "{{_name}}", "DestinationServiceID": "{{Id}}",
                         "LocalServiceAddress": "127.0.0.1", "LocalServicePort": 8080,
                         "Upstreams": [ { "DestinationType": "service", "DestinationName": "payments",
                                          "LocalBindAddress": "127.0.0.1", "LocalBindPort": 9191 } ] } }
            """);

        var proxy = (await _http.GetAsync($"v1/agent/service/{proxyId}")).Json;

        Assert.Equal("connect-proxy", JsonAssert.String(proxy, "Kind"));
        var block = JsonAssert.Property(proxy, "Proxy", JsonValueKind.Object);
        Assert.Equal(_name, JsonAssert.String(block, "DestinationServiceName"));
        Assert.Equal(Id, JsonAssert.String(block, "DestinationServiceID"));
        Assert.Equal(8080, JsonAssert.Int64(block, "LocalServicePort"));
        var upstream = JsonAssert.Single(JsonAssert.Property(block, "Upstreams"));
        Assert.Equal("payments", JsonAssert.String(upstream, "DestinationName"));
        Assert.Equal(9191, JsonAssert.Int64(upstream, "LocalBindPort"));
    }

    [Fact]
    public async Task Register_SidecarService_RegistersProxyWithAgentDefaults()
    {
        var sidecarId = Id + "-sidecar-proxy";
        var expectedPort = await LowestFreeSidecarPortAsync();
        _http.TrackService(sidecarId);

        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Port": 8080, "Tags": ["blue"], "Meta": { "team": "a" },
              "Connect": { "SidecarService": {} } }
            """);
        var sidecar = (await _http.GetAsync($"v1/agent/service/{sidecarId}")).Json;
        var checks = (await _http.GetAsync("v1/agent/checks")).Json;

        Assert.Equal("connect-proxy", JsonAssert.String(sidecar, "Kind"));
        Assert.Equal(_name + "-sidecar-proxy", JsonAssert.String(sidecar, "Service"));
        Assert.Equal(expectedPort, JsonAssert.Int64(sidecar, "Port"));
        Assert.Equal(new[] { "blue" }, JsonAssert.Strings(sidecar, "Tags"));
        Assert.Equal("a", JsonAssert.String(JsonAssert.Property(sidecar, "Meta"), "team"));
        var proxy = JsonAssert.Property(sidecar, "Proxy", JsonValueKind.Object);
        Assert.Equal(_name, JsonAssert.String(proxy, "DestinationServiceName"));
        Assert.Equal(Id, JsonAssert.String(proxy, "DestinationServiceID"));
        Assert.Equal("127.0.0.1", JsonAssert.String(proxy, "LocalServiceAddress"));
        Assert.Equal(8080, JsonAssert.Int64(proxy, "LocalServicePort"));
        var listening = JsonAssert.Property(checks, $"service:{sidecarId}:1");
        Assert.Equal("Connect Sidecar Listening", JsonAssert.String(listening, "Name"));
        Assert.Equal("tcp", JsonAssert.String(listening, "Type"));
        Assert.Equal(sidecarId, JsonAssert.String(listening, "ServiceID"));
        var aliasing = JsonAssert.Property(checks, $"service:{sidecarId}:2");
        Assert.Equal($"Connect Sidecar Aliasing {Id}", JsonAssert.String(aliasing, "Name"));
        Assert.Equal("alias", JsonAssert.String(aliasing, "Type"));

        // Re-registering keeps the auto-assigned port; deregistering the parent removes the sidecar too.
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Port": 8080, "Connect": { "SidecarService": {} } }""");
        Assert.Equal(expectedPort, JsonAssert.Int64((await _http.GetAsync($"v1/agent/service/{sidecarId}")).Json, "Port"));
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/service/deregister/{Id}"));
        ContractAssert.Error(_http, await _http.GetAsync($"v1/agent/service/{sidecarId}"), HttpStatusCode.NotFound, $"unknown service ID: {sidecarId}");
    }

    [Theory]
    [InlineData("{ \"ID\": \"mine\" }", "A SidecarService cannot specify an ID as this is managed by the agent")]
    [InlineData("{ \"Connect\": { \"SidecarService\": {} } }", "A SidecarService cannot have a nested SidecarService")]
    public async Task Register_SidecarServiceWithIdOrNestedSidecar_Returns400ValidationFailed(string sidecar, string message)
    {
        _http.TrackService(Id);

        var reply = await _http.PutAsync("v1/agent/service/register",
            $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Port": 8080, "Connect": { "SidecarService": {{sidecar}} } }""");

        // NodeService.Validate collects every problem into one multi-error behind this prefix.
        ContractAssert.ErrorStartingWith(_http, reply, HttpStatusCode.BadRequest, "Validation failed: ", message);
    }

    [Fact]
    public async Task GetService_UnknownId_Returns404()
    {
        var reply = await _http.GetAsync($"v1/agent/service/{Id}");

        ContractAssert.Error(_http, reply, HttpStatusCode.NotFound, $"unknown service ID: {Id}");
    }

    [Fact]
    public async Task Deregister_UnknownId_Returns404WithHint()
    {
        var reply = await _http.PutAsync($"v1/agent/service/deregister/{Id}");

        ContractAssert.Error(_http, reply, HttpStatusCode.NotFound, $"Unknown service ID \"{Id}\". Ensure that the service ID is passed, not the service name.");
    }

    [Fact]
    public async Task Deregister_KnownId_RemovesServiceAndItsChecks()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "TTL": "30s" } }""");

        var reply = await _http.PutAsync($"v1/agent/service/deregister/{Id}");

        ContractAssert.EmptyOk(reply);
        JsonAssert.Absent((await _http.GetAsync("v1/agent/services")).Json, Id);
        JsonAssert.Absent((await _http.GetAsync("v1/agent/checks")).Json, $"service:{Id}");
    }

    [Fact]
    public async Task Services_Filter_SelectsByServiceAndMeta()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Meta": { "version": "1" } }""");
        await _http.RegisterServiceAsync(_name + "-2", $$"""{ "ID": "{{_name}}-2", "Name": "{{_name}}", "Meta": { "version": "2" } }""");

        var reply = await _http.GetAsync($"v1/agent/services?filter={Uri.EscapeDataString($"Service == \"{_name}\" and Meta.version == \"2\"")}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(new[] { _name + "-2" }, reply.Json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Maintenance_EnableThenDisable_AddsAndRemovesCriticalCheck()
    {
        var checkId = $"_service_maintenance:{Id}";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}" }""");

        var enable = await _http.PutAsync($"v1/agent/service/maintenance/{Id}?enable=true&reason=upgrading");
        var during = (await _http.GetAsync("v1/agent/checks")).Json;
        var disable = await _http.PutAsync($"v1/agent/service/maintenance/{Id}?enable=false");
        var after = (await _http.GetAsync("v1/agent/checks")).Json;

        ContractAssert.EmptyOk(enable);
        ContractAssert.EmptyOk(disable);
        var check = JsonAssert.Property(during, checkId);
        Assert.Equal("critical", JsonAssert.String(check, "Status"));
        Assert.Equal("upgrading", JsonAssert.String(check, "Notes"));
        Assert.Equal(Id, JsonAssert.String(check, "ServiceID"));
        Assert.Equal("maintenance", JsonAssert.String(check, "Type"));
        JsonAssert.Absent(after, checkId);
    }

    [Fact]
    public async Task Maintenance_MissingEnable_Returns400()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}" }""");

        var reply = await _http.PutAsync($"v1/agent/service/maintenance/{Id}");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Missing value for enable");
    }

    [Fact]
    public async Task Maintenance_UnknownService_Returns404()
    {
        var reply = await _http.PutAsync($"v1/agent/service/maintenance/{Id}?enable=true");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    private async Task<long> LowestFreeSidecarPortAsync()
    {
        var services = (await _http.GetAsync("v1/agent/services")).Json;
        var used = services.EnumerateObject().Select(s => JsonAssert.Int64(s.Value, "Port")).ToHashSet();
        return Enumerable.Range(SidecarMinPort, SidecarMaxPort - SidecarMinPort + 1).First(p => !used.Contains(p));
    }

    [Theory]
    [InlineData("passing", HttpStatusCode.OK)]
    [InlineData("warning", HttpStatusCode.TooManyRequests)]
    [InlineData("critical", HttpStatusCode.ServiceUnavailable)]
    public async Task LocalHealthById_AggregateStatus_EncodedInStatusCode(string status, HttpStatusCode expected)
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "TTL": "60s", "Status": "{{status}}" } }""");

        var json = await _http.GetAsync($"v1/agent/health/service/id/{Id}");
        var text = await _http.GetAsync($"v1/agent/health/service/id/{Id}?format=text");
        var byName = await _http.GetAsync($"v1/agent/health/service/name/{_name}");

        Assert.Equal(expected, json.Status);
        Assert.Equal(status, JsonAssert.String(json.Json, "AggregatedStatus"));
        Assert.Equal(Id, JsonAssert.String(JsonAssert.Property(json.Json, "Service"), "ID"));
        Assert.Equal($"service:{Id}", JsonAssert.String(JsonAssert.Single(JsonAssert.Property(json.Json, "Checks")), "CheckID"));
        Assert.Equal(expected, text.Status);
        Assert.Equal(status, text.Body.Trim());
        Assert.Equal(expected, byName.Status);
        Assert.Equal(status, JsonAssert.String(JsonAssert.Single(byName.Json), "AggregatedStatus"));
    }

    [Fact]
    public async Task LocalHealthById_UnknownService_Returns404()
    {
        var reply = await _http.GetAsync($"v1/agent/health/service/id/{Id}");

        // 404 from the endpoint itself (unknown instance), not from the router (unknown URL).
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.DoesNotContain("Invalid URL path", reply.Body, StringComparison.Ordinal);
    }
}
