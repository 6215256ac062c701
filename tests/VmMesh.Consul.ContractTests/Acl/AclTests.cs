using System.Net;
using System.Net.Http.Headers;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Acl;

/// <summary>
/// Contract §7 (and §1.6): where a token travels (X-Consul-Token, Authorization: Bearer) and what an unknown or
/// missing token gets. On the dev server the suite starts a private token-protected instance; against real Consul it
/// uses VMMESH_TEST_CONSUL_TOKEN when ACLs are on, and otherwise checks that tokens are ignored (ACLs disabled).
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class AclTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly string _key = ConsulFixture.UniqueName("contract-acl");
    private PrivateDevServer? _server;
    private ConsulHttp _http = null!;
    private string? _validToken;
    private bool _aclsEnabled;

    public async Task InitializeAsync()
    {
        if (fixture.IsDevServer)
        {
            _validToken = "contract-" + Guid.NewGuid().ToString("N");
            _server = await PrivateDevServer.StartAsync(ConsulFixture.DevOptions with { Token = _validToken });
            _http = new ConsulHttp(fixture, _server.CreateHttpClient());
            _aclsEnabled = true;
        }
        else
        {
            // A client without the fixture's default token, so each test chooses what to send.
            var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Address, Timeout = TimeSpan.FromSeconds(60) };
            _http = new ConsulHttp(fixture, client);
            _validToken = fixture.Token;
            _aclsEnabled = fixture.Token is not null;
        }
    }

    public async Task DisposeAsync()
    {
        await _http.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("header")]
    [InlineData("bearer")]
    public async Task UnknownToken_HeaderOrBearer_Returns403AclNotFound(string carrier)
    {
        var reply = await ReadKeyAsync(carrier, "not-a-known-" + Guid.NewGuid().ToString("N"));

        if (_aclsEnabled)
        {
            ContractAssert.Error(_http, reply, HttpStatusCode.Forbidden, "ACL not found");
        }
        else
        {
            // ACLs disabled: every token is ignored.
            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        }
    }

    [Fact]
    public async Task MissingToken_Request_IsDeniedWhenAclsRequireIt()
    {
        var reply = await ReadKeyAsync("none", null);

        if (_http.IsDevServer)
        {
            ContractAssert.Error(_http, reply, HttpStatusCode.Forbidden, "ACL not found");
        }
        else if (_aclsEnabled && reply.Header("X-Consul-Default-Acl-Policy") == "deny")
        {
            ContractAssert.ErrorStartingWith(_http, reply, HttpStatusCode.Forbidden, "Permission denied");
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        }
    }

    [Theory]
    [InlineData("header")]
    [InlineData("bearer")]
    [InlineData("lowercase-bearer")]
    public async Task ValidToken_HeaderOrBearer_IsAccepted(string carrier)
    {
        var reply = await ReadKeyAsync(carrier, _validToken ?? "ignored-when-acls-are-off");

        Assert.True(reply.Status == HttpStatusCode.NotFound, $"a valid token via {carrier} must reach the endpoint: {reply}");
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task ValidToken_Write_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"v1/kv/{_key}") { Content = new StringContent("v") };
        request.Headers.Add("X-Consul-Token", _validToken ?? "ignored-when-acls-are-off");

        var reply = await _http.SendAsync(request);
        using var cleanup = new HttpRequestMessage(HttpMethod.Delete, $"v1/kv/{_key}");
        cleanup.Headers.Add("X-Consul-Token", _validToken ?? "ignored-when-acls-are-off");
        await _http.SendAsync(cleanup);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("true", reply.Body.Trim());
    }

    private async Task<ConsulReply> ReadKeyAsync(string carrier, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/kv/{_key}");
        switch (carrier)
        {
            case "header":
                request.Headers.Add("X-Consul-Token", token);
                break;
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                break;
            case "lowercase-bearer":
                request.Headers.TryAddWithoutValidation("Authorization", $"bearer {token}");
                break;
            default:
                break;
        }

        return await _http.SendAsync(request);
    }
}
