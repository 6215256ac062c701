using System.Net;
using System.Text.Json;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Agent;

public sealed class RegistrationTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("{}", "Missing service name")]
    [InlineData("{\"Name\":\"web\",\"Address\":\"0.0.0.0\"}", "Invalid service address")]
    [InlineData("{\"Name\":\"web\",\"Meta\":{\"consul-x\":\"v\"}}", "Invalid Service Meta: Couldn't load metadata pair ('consul-x', 'v'): Key prefix 'consul-' is reserved for internal use")]
    [InlineData("{\"Name\":\"web\",\"Meta\":{\"a b\":\"v\"}}", "Invalid Service Meta: Couldn't load metadata pair ('a b', 'v'): Key contains invalid characters")]
    [InlineData("{\"Name\":\"web\",\"Weights\":{\"Passing\":0,\"Warning\":1}}", "Invalid Weights: Passing must be greater than 0")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"HTTP\":\"http://x\"}}", "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"TTL\":\"10s\",\"Interval\":\"10s\"}}", "Invalid check: Interval and TTL cannot both be specified")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"AliasService\":\"x\",\"Interval\":\"10s\"}}", "Invalid check: Interval cannot be set for Alias checks")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"Name\":\"n\"}}", "Invalid check: TTL must be > 0 for TTL checks")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"TTL\":\"10s\",\"Status\":\"ok\"}}", "Status for checks must 'passing', 'warning', 'critical'")]
    [InlineData("{\"Name\":\"p\",\"Kind\":\"connect-proxy\",\"Port\":1}", "Validation failed: 1 error occurred:\n\t* Proxy.DestinationServiceName must be non-empty for Connect proxy services\n\n")]
    [InlineData("{\"Name\":\"web\",\"Connect\":{\"SidecarService\":{\"ID\":\"x\"}}}", "Validation failed: 1 error occurred:\n\t* A SidecarService cannot specify an ID as this is managed by the agent\n\n")]
    [InlineData("{\"Name\":\"gw\",\"Kind\":\"mesh-gateway\",\"Port\":443,\"Proxy\":{\"DestinationServiceName\":\"web\"}}", "Validation failed: 1 error occurred:\n\t* The Proxy.DestinationServiceName configuration is invalid for a mesh-gateway\n\n")]
    public async Task Register_Invalid_Returns400WithConsulMessage(string body, string message)
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/service/register", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, text);
    }

    [Fact]
    public async Task Register_ProxyUpstreams_AllErrorsCollected()
    {
        var body = "{\"Name\":\"p\",\"Kind\":\"connect-proxy\",\"Port\":1,\"Proxy\":{\"DestinationServiceName\":\"web\",\"Upstreams\":[{\"LocalBindPort\":1},{\"DestinationName\":\"a\"}]}}";
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/service/register", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Validation failed: 2 errors occurred:\n\t* upstream destination name cannot be empty\n\t* upstream local bind port or local socket path must be defined and nonzero\n\n", text);
    }

    [Fact]
    public async Task Register_AgentShape_DefaultsAndTaggedAddresses()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"10.0.0.5\",\"Port\":8080}");
        var services = await _h.JsonAsync("v1/agent/services");
        var web = services.GetProperty("web-1");
        Assert.Equal("web", web.GetProperty("Service").GetString());
        Assert.Equal(JsonValueKind.Array, web.GetProperty("Tags").ValueKind);
        Assert.Equal(JsonValueKind.Object, web.GetProperty("Meta").ValueKind);
        Assert.Equal("10.0.0.5", web.GetProperty("TaggedAddresses").GetProperty("lan_ipv4").GetProperty("Address").GetString());
        Assert.Equal(8080, web.GetProperty("TaggedAddresses").GetProperty("wan_ipv4").GetProperty("Port").GetInt32());
        Assert.Equal(1, web.GetProperty("Weights").GetProperty("Passing").GetInt32());
        Assert.False(web.TryGetProperty("Kind", out _));
        Assert.False(web.TryGetProperty("Proxy", out _));
        Assert.Equal("dc1", web.GetProperty("Datacenter").GetString());
        Assert.False(services.TryGetProperty("consul", out _));
    }

    [Fact]
    public async Task Register_GeneratedCheckIdsAndNames()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Checks\":[{\"TTL\":\"10s\"},{\"TTL\":\"20s\"}]}");
        await _h.RegisterAsync("{\"ID\":\"api-1\",\"Name\":\"api\",\"Check\":{\"TTL\":\"10s\"}}");
        var checks = await _h.JsonAsync("v1/agent/checks");
        Assert.Equal("Service 'web' check", checks.GetProperty("service:web-1:1").GetProperty("Name").GetString());
        Assert.True(checks.TryGetProperty("service:web-1:2", out _));
        Assert.Equal("critical", checks.GetProperty("service:api-1").GetProperty("Status").GetString());
        Assert.Equal("ttl", checks.GetProperty("service:api-1").GetProperty("Type").GetString());
    }

    [Fact]
    public async Task Reregister_KeepsStatus_AndReplaceExistingRemovesOthers()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Checks\":[{\"CheckID\":\"a\",\"TTL\":\"10s\"},{\"CheckID\":\"b\",\"TTL\":\"10s\"}]}");
        await _h.PutAsync("v1/agent/check/pass/a?note=fine");

        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Checks\":[{\"CheckID\":\"a\",\"TTL\":\"10s\"}]}");
        var kept = await _h.JsonAsync("v1/agent/checks");
        Assert.Equal("passing", kept.GetProperty("a").GetProperty("Status").GetString());
        Assert.Equal("fine", kept.GetProperty("a").GetProperty("Output").GetString());
        Assert.True(kept.TryGetProperty("b", out _));

        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Checks\":[{\"CheckID\":\"a\",\"TTL\":\"10s\"}]}", "?replace-existing-checks=true");
        var replaced = await _h.JsonAsync("v1/agent/checks");
        Assert.False(replaced.TryGetProperty("b", out _));
    }

    [Fact]
    public async Task IdenticalReregistration_DoesNotBumpIndex()
    {
        const string body = "{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80,\"Check\":{\"TTL\":\"10s\"}}";
        await _h.RegisterAsync(body);
        var before = _h.Runtime.Store.CurrentIndex;

        await _h.RegisterAsync(body);

        Assert.Equal(before, _h.Runtime.Store.CurrentIndex);
    }

    [Fact]
    public async Task SidecarService_DefaultsPortChecksAndProxy()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":8080,\"Tags\":[\"v1\"],\"Connect\":{\"SidecarService\":{}}}");
        var sidecar = await _h.JsonAsync("v1/agent/service/web-1-sidecar-proxy");
        Assert.Equal("connect-proxy", sidecar.GetProperty("Kind").GetString());
        Assert.Equal("web-sidecar-proxy", sidecar.GetProperty("Service").GetString());
        Assert.Equal(21000, sidecar.GetProperty("Port").GetInt32());
        Assert.Equal("v1", sidecar.GetProperty("Tags")[0].GetString());
        var proxy = sidecar.GetProperty("Proxy");
        Assert.Equal("web", proxy.GetProperty("DestinationServiceName").GetString());
        Assert.Equal("web-1", proxy.GetProperty("DestinationServiceID").GetString());
        Assert.Equal("127.0.0.1", proxy.GetProperty("LocalServiceAddress").GetString());
        Assert.Equal(8080, proxy.GetProperty("LocalServicePort").GetInt32());

        var checks = await _h.JsonAsync("v1/agent/checks");
        Assert.Equal("Connect Sidecar Listening", checks.GetProperty("service:web-1-sidecar-proxy:1").GetProperty("Name").GetString());
        var alias = checks.GetProperty("service:web-1-sidecar-proxy:2");
        Assert.Equal("Connect Sidecar Aliasing web-1", alias.GetProperty("Name").GetString());
        Assert.Equal("alias", alias.GetProperty("Type").GetString());
        Assert.Equal("passing", alias.GetProperty("Status").GetString());

        await _h.RegisterAsync("{\"ID\":\"api-1\",\"Name\":\"api\",\"Port\":9090,\"Connect\":{\"SidecarService\":{}}}");
        Assert.Equal(21001, (await _h.JsonAsync("v1/agent/service/api-1-sidecar-proxy")).GetProperty("Port").GetInt32());
    }

    [Fact]
    public async Task Deregister_RemovesSidecarToo_And404ForUnknown()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":8080,\"Connect\":{\"SidecarService\":{}}}");
        var (status, _) = await _h.TextAsync(HttpMethod.Put, "v1/agent/service/deregister/web-1");
        Assert.Equal(HttpStatusCode.OK, status);
        var services = await _h.JsonAsync("v1/agent/services");
        Assert.Empty(services.EnumerateObject());

        var (missing, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/service/deregister/web-1");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("Unknown service ID \"web-1\". Ensure that the service ID is passed, not the service name.", text);
    }

    [Fact]
    public async Task AgentService_Unknown_Returns404()
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Get, "v1/agent/service/nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("unknown service ID: nope", text);
    }

    [Fact]
    public async Task Maintenance_ServiceAndNode_AddAndRemoveChecks()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\"}");
        await _h.PutAsync("v1/agent/service/maintenance/web-1?enable=true&reason=upgrade");
        await _h.PutAsync("v1/agent/maintenance?enable=true");
        var checks = await _h.JsonAsync("v1/agent/checks");
        Assert.Equal("upgrade", checks.GetProperty("_service_maintenance:web-1").GetProperty("Notes").GetString());
        Assert.Equal("maintenance", checks.GetProperty("_node_maintenance").GetProperty("Type").GetString());

        await _h.PutAsync("v1/agent/service/maintenance/web-1?enable=false");
        await _h.PutAsync("v1/agent/maintenance?enable=false");
        Assert.Empty((await _h.JsonAsync("v1/agent/checks")).EnumerateObject());

        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/maintenance");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Missing value for enable", text);
    }

    [Fact]
    public async Task AgentSelf_DescribesSyntheticNode()
    {
        var self = await _h.JsonAsync("v1/agent/self");
        Assert.Equal("node-a", self.GetProperty("Config").GetProperty("NodeName").GetString());
        Assert.Equal("dc1", self.GetProperty("Config").GetProperty("Datacenter").GetString());
        Assert.Equal(1, self.GetProperty("Member").GetProperty("Status").GetInt32());
        Assert.Equal(JsonValueKind.Null, self.GetProperty("Coord").ValueKind);
        Assert.Equal(string.Empty, self.GetProperty("Meta").GetProperty("consul-network-segment").GetString());
    }
}
