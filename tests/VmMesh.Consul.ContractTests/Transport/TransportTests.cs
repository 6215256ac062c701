using System.IO.Compression;
using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Transport;

/// <summary>
/// Contract §1: routing (404 texts, 405 + Allow, OPTIONS), empty path parameters, the headers every response carries,
/// ?pretty, and the shared query parameters (consistency flags, index, wait, dc).
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class TransportTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ConsulHttp _http = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Theory]
    [InlineData("v1/no-such-endpoint", "Invalid URL path: not a recognized HTTP API endpoint\n")]
    [InlineData("v1/agent/no-such-thing/at-all", "Invalid URL path: not a recognized HTTP API endpoint\n")]
    [InlineData("no-such-page", "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n")]
    [InlineData("v2/kv/x", "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n")]
    public async Task UnknownPath_AnyPrefix_Returns404WithRoutingHint(string path, string expected)
    {
        var reply = await _http.GetAsync(path);

        ContractAssert.Error(_http, reply, HttpStatusCode.NotFound, expected);
    }

    [Theory]
    [InlineData("POST", "v1/kv/some-key", "OPTIONS,GET,PUT,DELETE")]
    [InlineData("GET", "v1/agent/service/register", "OPTIONS,PUT")]
    [InlineData("DELETE", "v1/session/create", "OPTIONS,PUT")]
    [InlineData("PUT", "v1/catalog/services", "OPTIONS,GET")]
    [InlineData("GET", "v1/txn", "OPTIONS,PUT")]
    [InlineData("POST", "v1/health/service/web", "OPTIONS,GET")]
    public async Task RegisteredRoute_WrongMethod_Returns405WithAllowHeader(string method, string path, string allow)
    {
        var reply = await _http.SendAsync(new HttpMethod(method), path, null);

        ContractAssert.Error(_http, reply, HttpStatusCode.MethodNotAllowed, $"method {method} not allowed");
        Assert.Equal(allow, reply.Header("Allow"));
    }

    [Theory]
    [InlineData("v1/kv/some-key", "OPTIONS,GET,PUT,DELETE")]
    [InlineData("v1/agent/service/register", "OPTIONS,PUT")]
    [InlineData("v1/status/leader", "OPTIONS,GET")]
    public async Task Options_RegisteredRoute_Returns200EmptyWithAllowHeader(string path, string allow)
    {
        var reply = await _http.SendAsync(HttpMethod.Options, path, null);

        ContractAssert.EmptyOk(reply);
        Assert.Equal(allow, reply.Header("Allow"));
    }

    [Theory]
    [InlineData("v1/health/service/", "Missing service name")]
    [InlineData("v1/health/connect/", "Missing service name")]
    [InlineData("v1/catalog/service/", "Missing service name")]
    [InlineData("v1/health/node/", "Missing node name")]
    [InlineData("v1/session/info/", "Missing session")]
    [InlineData("v1/kv/", "Missing key name")]
    public async Task EmptyPathParameter_Get_Returns400NamingTheMissingPart(string path, string expected)
    {
        var reply = await _http.GetAsync(path);

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, expected);
    }

    [Theory]
    [InlineData("GET", "v1/agent/self")]
    [InlineData("GET", "v1/agent/services")]
    [InlineData("GET", "v1/catalog/datacenters")]
    [InlineData("GET", "v1/status/leader")]
    [InlineData("GET", "v1/kv/contract-missing-key-for-headers")]
    [InlineData("POST", "v1/kv/some-key")]
    [InlineData("GET", "v1/health/service/")]
    public async Task AnyApiResponse_SuccessOrError_CarriesDefaultAclPolicy(string method, string path)
    {
        var reply = await _http.SendAsync(new HttpMethod(method), path, null);

        var policy = reply.Header("X-Consul-Default-Acl-Policy");
        Assert.True(policy is "allow" or "deny", $"X-Consul-Default-Acl-Policy was '{policy}' on {method} {path} ({reply})");
        if (_http.IsDevServer)
        {
            Assert.Equal("allow", policy);
        }
    }

    [Theory]
    [InlineData("v1/catalog/services")]
    [InlineData("v1/catalog/nodes")]
    [InlineData("v1/catalog/service/contract-no-such-service")]
    [InlineData("v1/health/service/contract-no-such-service")]
    [InlineData("v1/health/state/any")]
    [InlineData("v1/session/list")]
    [InlineData("v1/kv/contract-no-such-key")]
    public async Task BlockableRead_Always_CarriesNonZeroIndexKnownLeaderAndLastContact(string path)
    {
        var reply = await _http.GetAsync(path);

        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {reply}");
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Theory]
    [InlineData("v1/agent/self")]
    [InlineData("v1/agent/services")]
    [InlineData("v1/agent/checks")]
    public async Task AgentLocalRead_NotBlockable_HasNoIndexHeader(string path)
    {
        var reply = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Null(reply.Header("X-Consul-Index"));
    }

    [Fact]
    public async Task Pretty_PresenceFlag_IndentsFourSpacesWithTrailingNewline()
    {
        var plain = await _http.GetAsync("v1/catalog/datacenters");
        var pretty = await _http.GetAsync("v1/catalog/datacenters?pretty");

        var datacenters = JsonAssert.Array(plain.Json).Select(d => d.GetString()).ToArray();
        Assert.NotEmpty(datacenters);
        var expected = "[\n" + string.Join(",\n", datacenters.Select(d => $"    \"{d}\"")) + "\n]\n";
        Assert.Equal(expected, pretty.Body);
        Assert.Equal("application/json", pretty.MediaType);
        if (_http.IsDevServer)
        {
            // Minified by default (§1.3); only `consul agent -dev` pretty-prints always.
            Assert.Equal(JsonSerializer.Serialize(datacenters), plain.Body);
        }
    }

    [Theory]
    [InlineData("v1/catalog/services?stale&consistent")]
    [InlineData("v1/kv/contract-any-key?consistent=true&stale=1")]
    public async Task StaleWithConsistent_Conflict_Returns400(string path)
    {
        var reply = await _http.GetAsync(path);

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Cannot specify ?stale with ?consistent, conflicting semantics.");
    }

    [Theory]
    [InlineData("", "leader")]
    [InlineData("?stale", "stale")]
    [InlineData("?consistent", "consistent")]
    public async Task ConsistencyMode_Requested_EchoedInEffectiveConsistency(string query, string expected)
    {
        var reply = await _http.GetAsync("v1/catalog/services" + query);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(expected, reply.Header("X-Consul-Effective-Consistency"));
    }

    [Theory]
    [InlineData("v1/catalog/services?index=abc")]
    [InlineData("v1/kv/contract-any-key?index=-1")]
    public async Task NonNumericIndex_Returns400InvalidIndex(string path)
    {
        var reply = await _http.GetAsync(path);

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Invalid index");
    }

    [Theory]
    [InlineData("v1/catalog/services?index=1&wait=forever")]
    [InlineData("v1/health/service/web?index=1&wait=10")]
    public async Task InvalidWait_Returns400InvalidWaitTime(string path)
    {
        var reply = await _http.GetAsync(path);

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Invalid wait time");
    }

    [Fact]
    public async Task UnknownDatacenter_Returns500NoPathToDatacenter()
    {
        var reply = await _http.GetAsync("v1/catalog/services?dc=contract-no-such-dc");

        ContractAssert.Error(_http, reply, HttpStatusCode.InternalServerError, "No path to datacenter");
    }

    [Fact]
    public async Task KnownDatacenter_Explicit_Returns200()
    {
        var identity = await AgentIdentity.ReadAsync(_http);

        var reply = await _http.GetAsync($"v1/catalog/services?dc={identity.Datacenter}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(JsonValueKind.Object, reply.Json.ValueKind);
    }

    [Fact]
    public async Task AcceptGzip_LargeBody_IsCompressedWithVaryHeader()
    {
        var prefix = ConsulFixture.UniqueName("contract-gzip");
        await _http.PutKeyAsync($"{prefix}/big", new string('x', 4096));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/kv/{prefix}/big");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var reply = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("gzip", reply.Header("Content-Encoding"));
        Assert.Contains("Accept-Encoding", reply.Header("Vary") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        using var gzip = new GZipStream(new MemoryStream(reply.BodyBytes), CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(gzip).WaitAsync(ConsulHttp.CallTimeout);
        Assert.Equal($"{prefix}/big", JsonAssert.String(JsonAssert.Single(document.RootElement), "Key"));
    }

    [Fact]
    public async Task AcceptGzip_SmallBody_IsSentUncompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/status/leader");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var reply = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Null(reply.Header("Content-Encoding"));
        Assert.Equal(JsonValueKind.String, reply.Json.ValueKind);
    }

    [Theory]
    [InlineData("v1/health/service/{0}?near=_agent")]
    [InlineData("v1/catalog/service/{0}?near=some-unknown-node")]
    [InlineData("v1/catalog/nodes?near=_agent")]
    public async Task NearParameter_SingleNode_IsAcceptedAndIgnored(string pattern)
    {
        var name = ConsulFixture.UniqueName("contract-near");

        var reply = await _http.GetAsync(pattern.Replace("{0}", name, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(JsonValueKind.Array, reply.Json.ValueKind);
    }
}
