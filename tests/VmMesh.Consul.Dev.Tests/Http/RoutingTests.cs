using System.Net;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Http;

public sealed class RoutingTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public void Address_PortZero_HasRealPortAndTrailingSlash()
    {
        Assert.NotEqual(0, _h.Server.Address.Port);
        Assert.EndsWith("/", _h.Server.Address.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownV1Path_Returns404WithConsulText()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, "v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Invalid URL path: not a recognized HTTP API endpoint\n", body);
    }

    [Fact]
    public async Task NonV1Path_Returns404WithPrefixHint()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, "foo");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n", body);
    }

    [Fact]
    public async Task WrongMethod_Returns405WithAllow()
    {
        using var response = await _h.GetAsync("v1/agent/service/register");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("method GET not allowed", await response.Content.ReadAsStringAsync());
        Assert.Equal("OPTIONS,PUT", string.Join(',', response.Content.Headers.Allow));
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Options_Returns200WithAllowForKv()
    {
        using var response = await _h.SendAsync(HttpMethod.Options, "v1/kv/x");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OPTIONS,GET,PUT,DELETE", string.Join(',', response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("v1/health/service/", "Missing service name")]
    [InlineData("v1/catalog/node/", "Missing node name")]
    [InlineData("v1/session/info/", "Missing session")]
    [InlineData("v1/kv/", "Missing key name")]
    public async Task EmptyPathParameter_Returns400(string path, string message)
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, body);
    }

    [Fact]
    public async Task BlockableRead_CarriesLeaderHeaders()
    {
        using var response = await _h.GetAsync("v1/catalog/services");
        Assert.Equal("true", response.Headers.GetValues("X-Consul-Knownleader").Single());
        Assert.Equal("0", response.Headers.GetValues("X-Consul-Lastcontact").Single());
        Assert.Equal("leader", response.Headers.GetValues("X-Consul-Effective-Consistency").Single());
        Assert.Equal("allow", response.Headers.GetValues("X-Consul-Default-Acl-Policy").Single());
        Assert.NotEqual("0", response.Headers.GetValues("X-Consul-Index").Single());
    }

    [Fact]
    public async Task HealthRead_CarriesQueryBackend()
    {
        using var response = await _h.GetAsync("v1/health/service/none");
        Assert.Equal("blocking-query", response.Headers.GetValues("X-Consul-Query-Backend").Single());
    }

    [Fact]
    public async Task AgentRead_HasNoIndexButAclPolicy()
    {
        using var response = await _h.GetAsync("v1/agent/services");
        Assert.False(response.Headers.Contains("X-Consul-Index"));
        Assert.Equal("allow", response.Headers.GetValues("X-Consul-Default-Acl-Policy").Single());
    }

    [Fact]
    public async Task StaleAndConsistent_Returns400()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, "v1/catalog/services?stale&consistent");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Cannot specify ?stale with ?consistent, conflicting semantics.", body);
    }

    [Theory]
    [InlineData("v1/catalog/services?index=abc", "Invalid index")]
    [InlineData("v1/catalog/services?index=1&wait=nope", "Invalid wait time")]
    public async Task BadBlockingParameters_Return400(string path, string message)
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, body);
    }

    [Fact]
    public async Task ForeignDatacenter_Returns500NoPath()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Get, "v1/kv/x?dc=dc9");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("No path to datacenter", body);
    }

    [Fact]
    public async Task Stale_EchoedInEffectiveConsistency()
    {
        using var response = await _h.GetAsync("v1/catalog/nodes?stale");
        Assert.Equal("stale", response.Headers.GetValues("X-Consul-Effective-Consistency").Single());
    }

    [Fact]
    public async Task Pretty_IndentsWithFourSpacesAndNewline()
    {
        var (_, body) = await _h.TextAsync(HttpMethod.Get, "v1/catalog/datacenters?pretty");
        Assert.Equal("[\n    \"dc1\"\n]\n", body);
    }

    [Fact]
    public async Task DoubleSlash_Redirects301()
    {
        using var response = await _h.GetAsync("v1/kv//x");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/v1/kv/x", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task StatusLeader_ReturnsNodeAddressOnServerPort()
    {
        var (_, body) = await _h.TextAsync(HttpMethod.Get, "v1/status/leader");
        Assert.Equal("\"127.0.0.1:8300\"", body);
    }

    [Fact]
    public async Task AcceptGzip_LargeBody_Compressed_SmallBodyNot()
    {
        await _h.PutAsync("v1/kv/big", new string('x', 4096));
        using var big = new HttpRequestMessage(HttpMethod.Get, "v1/kv/big");
        big.Headers.AcceptEncoding.ParseAdd("gzip");
        using var bigResponse = await _h.Client.SendAsync(big).WaitAsync(DevServerHarness.Timeout);
        Assert.Equal("gzip", bigResponse.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", bigResponse.Headers.Vary);

        using var small = new HttpRequestMessage(HttpMethod.Get, "v1/status/leader");
        small.Headers.AcceptEncoding.ParseAdd("gzip");
        using var smallResponse = await _h.Client.SendAsync(small).WaitAsync(DevServerHarness.Timeout);
        Assert.Empty(smallResponse.Content.Headers.ContentEncoding);
    }
}
