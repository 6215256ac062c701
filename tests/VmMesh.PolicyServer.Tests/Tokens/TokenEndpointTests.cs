using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Tokens;

public sealed class TokenEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Create_ValidRequest_Returns201WithSecretOnce()
    {
        using var client = server.Client();

        var created = await client.SendAsync(HttpMethod.Post, "/v1/tokens", """{"services":["web","api"],"ttl":"2h","maxUses":3}""", server.AdminToken);

        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Matches("^tok_[0-9a-f]{16}$", id);
        Assert.StartsWith(id + ".", created.Json.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, created.Json.GetProperty("remainingUses").GetInt32());
        Assert.Equal(TimeSpan.FromHours(2), created.Json.GetProperty("expiresAt").GetDateTimeOffset() - created.Json.GetProperty("createdAt").GetDateTimeOffset());

        var list = await client.GetAsync("/v1/tokens", server.AdminToken);
        Assert.Equal(200, list.Status);
        var listed = Assert.Single(list.Json.EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.DoesNotContain(created.Json.GetProperty("token").GetString()!, list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Defaults_Are24hAndOneUse()
    {
        using var client = server.Client();

        var created = await client.SendAsync(HttpMethod.Post, "/v1/tokens", """{"services":["web"]}""", server.AdminToken);

        Assert.Equal(201, created.Status);
        Assert.Equal(1, created.Json.GetProperty("maxUses").GetInt32());
        Assert.Equal(TimeSpan.FromHours(24), created.Json.GetProperty("expiresAt").GetDateTimeOffset() - created.Json.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("""{"services":[]}""", "token request: services is missing or empty; name at least one service, e.g. [\"web\"]")]
    [InlineData("""{"services":["web"],"ttl":"0s"}""", "token request: ttl \"0s\" is not positive; use e.g. \"24h\"")]
    [InlineData("""{"services":["web"],"admin":true}""", "token request: unknown field \"admin\"; known fields are services, ttl, maxUses")]
    [InlineData("""{"services":"web"}""", "token request: services is a JSON string; it must be an array of strings")]
    [InlineData("""[1]""", "token request: body is a JSON array; send a JSON object")]
    public async Task Create_BadRequest_Returns400AndWritesNothing(string body, string message)
    {
        using var client = server.Client();
        var before = (await client.GetAsync("/v1/tokens", server.AdminToken)).Json.GetArrayLength();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/tokens", body, server.AdminToken);

        Assert.Equal((400, message), (response.Status, response.Error));
        Assert.Equal(before, (await client.GetAsync("/v1/tokens", server.AdminToken)).Json.GetArrayLength());
    }

    [Fact]
    public async Task Create_SeveralProblems_Returns400ListingEveryOne()
    {
        using var client = server.Client();
        Assert.False(VmMesh.Identity.Spiffe.ServiceName.TryParse("Web_1", out _, out var nameError));

        var response = await client.SendAsync(HttpMethod.Post, "/v1/tokens", """{"services":["Web_1"],"ttl":"soon","maxUses":0}""", server.AdminToken);

        Assert.Equal(400, response.Status);
        Assert.Equal($"token request: services[0]: {nameError}; token request: ttl \"soon\" is not a duration; use e.g. \"24h\" or \"90m\"; token request: maxUses 0 is below 1; a token needs at least one use", response.Error);
    }

    [Fact]
    public async Task Revoke_KnownToken_Returns204ThenUnknown404()
    {
        using var client = server.Client();
        var token = await server.CreateTokenAsync("\"web\"");
        var id = token.Split('.')[0];

        var revoked = await client.SendAsync(HttpMethod.Delete, $"/v1/tokens/{id}", null, server.AdminToken);
        var again = await client.SendAsync(HttpMethod.Delete, $"/v1/tokens/{id}", null, server.AdminToken);

        Assert.Equal(204, revoked.Status);
        Assert.Equal((404, $"join token {id} does not exist or is already revoked; list tokens with GET /v1/tokens"), (again.Status, again.Error));
        Assert.DoesNotContain(id, (await client.GetAsync("/v1/tokens", server.AdminToken)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, AdminAuthenticator.MissingMessage)]
    [InlineData("wrong-token", AdminAuthenticator.InvalidMessage)]
    public async Task AdminCalls_MissingOrWrongAdminToken_Return401(string? bearer, string message)
    {
        using var client = server.Client();
        var calls = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, "/v1/tokens", null),
            (HttpMethod.Post, "/v1/tokens", """{"services":["web"]}"""),
            (HttpMethod.Delete, "/v1/tokens/tok_0000000000000000", null),
            (HttpMethod.Get, "/v1/intentions", null),
            (HttpMethod.Get, "/v1/intentions/api", null),
            (HttpMethod.Put, "/v1/intentions/api", """{"destination":"api","sources":[{"name":"web","action":"allow"}]}"""),
            (HttpMethod.Delete, "/v1/intentions/api", null),
            (HttpMethod.Post, "/v1/intentions/check", """{"source":"web","destination":"api"}"""),
            (HttpMethod.Post, "/v1/ca/rotate", null),
            (HttpMethod.Get, "/v1/audit", null),
        };

        foreach (var (method, path, body) in calls)
        {
            var response = await client.SendAsync(method, path, body, bearer);
            Assert.True(response.Status == 401 && response.Error == message, $"{method} {path}: {response}");
        }
    }

    [Fact]
    public async Task AdminCall_JoinTokenAsAdminToken_Returns401()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var client = server.Client();

        var response = await client.GetAsync("/v1/tokens", token);

        Assert.Equal((401, AdminAuthenticator.InvalidMessage), (response.Status, response.Error));
    }
}
