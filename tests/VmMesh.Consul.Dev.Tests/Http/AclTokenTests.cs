using System.Net;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Http;

public sealed class AclTokenTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync(o => o with { Token = "s3cret" });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task MissingToken_Returns403AclNotFoundAndDenyPolicy()
    {
        using var response = await _h.GetAsync("v1/kv/x");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ACL not found", await response.Content.ReadAsStringAsync());
        Assert.Equal("deny", response.Headers.GetValues("X-Consul-Default-Acl-Policy").Single());
    }

    [Fact]
    public async Task WrongToken_Returns403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/kv/x");
        request.Headers.Add("X-Consul-Token", "wrong");
        using var response = await _h.Client.SendAsync(request).WaitAsync(DevServerHarness.Timeout);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("bearer")]
    [InlineData("query")]
    public async Task RightToken_AnyCarrier_IsAccepted(string carrier)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, carrier == "query" ? "v1/kv/x?token=s3cret" : "v1/kv/x");
        if (carrier == "header")
        {
            request.Headers.Add("X-Consul-Token", "s3cret");
        }
        else if (carrier == "bearer")
        {
            request.Headers.Add("Authorization", "Bearer s3cret");
        }

        using var response = await _h.Client.SendAsync(request).WaitAsync(DevServerHarness.Timeout);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
