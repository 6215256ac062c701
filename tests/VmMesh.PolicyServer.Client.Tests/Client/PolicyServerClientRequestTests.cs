using System.Net;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Intentions;
using VmMesh.PolicyServer.Client.Tests.Support;
using VmMesh.PolicyServer.Client.Tokens;

namespace VmMesh.PolicyServer.Client.Tests.Client;

/// <summary>Each method sends the method, path, query, credentials and body the contract names.</summary>
public sealed class PolicyServerClientRequestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string TokenJson = """{"id":"tok_1","token":"join-secret","services":["web"],"expiresAt":"2026-11-27T10:00:00Z","maxUses":1,"remainingUses":1,"createdAt":"2026-11-26T10:00:00Z"}""";
    private const string RootsJson = """{"trustDomain":"mesh.test","activeRootId":"sha256:ab","index":3,"roots":[]}""";

    [Fact]
    public async Task CreateToken_AdminCall_SendsBearerAndBody()
    {
        var handler = new FakeHandler(HttpStatusCode.Created, TokenJson);
        using var client = ClientFixture.Create(handler);

        var created = await client.CreateTokenAsync(new CreateTokenRequest(["web"], "1h", 2)).WaitAsync(Timeout);

        Assert.Equal("join-secret", created.Token);
        Assert.Equal(
            new RecordedRequest("POST", "/v1/tokens", "Bearer admin-secret", "application/json", """{"services":["web"],"ttl":"1h","maxUses":2}"""),
            handler.Single);
    }

    [Fact]
    public async Task ListTokens_Answer_IsRead()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """[{"id":"tok_1","services":["web"],"expiresAt":"2026-11-27T10:00:00Z","maxUses":1,"remainingUses":0,"createdAt":"2026-11-26T10:00:00Z"}]""");
        using var client = ClientFixture.Create(handler);

        var tokens = await client.ListTokensAsync().WaitAsync(Timeout);

        Assert.Equal(0, Assert.Single(tokens).RemainingUses);
        Assert.Equal(("GET", "/v1/tokens", "Bearer admin-secret"), (handler.Single.Method, handler.Single.PathAndQuery, handler.Single.Authorization));
    }

    [Fact]
    public async Task RevokeToken_Id_IsEscapedInPath()
    {
        var handler = new FakeHandler(HttpStatusCode.NoContent);
        using var client = ClientFixture.Create(handler);

        await client.RevokeTokenAsync("tok_a/b").WaitAsync(Timeout);

        Assert.Equal(("DELETE", "/v1/tokens/tok_a%2Fb"), (handler.Single.Method, handler.Single.PathAndQuery));
    }

    [Fact]
    public async Task GetRoots_PublicCall_SendsNoCredentials()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, RootsJson);
        using var client = ClientFixture.Create(handler);

        var roots = await client.GetRootsAsync().WaitAsync(Timeout);

        Assert.Equal(3, roots.Index);
        Assert.Equal(new RecordedRequest("GET", "/v1/ca/roots", null, null, null), handler.Single);
    }

    [Fact]
    public async Task Sign_WithJoinToken_SendsJoinTokenNotAdminToken()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"spiffeId":"spiffe://mesh.test/ns/default/dc/dc1/svc/web","certificatePem":"C","chainPem":"R","notAfter":"2026-11-27T10:00:00Z","serviceName":"web"}""");
        using var client = ClientFixture.Create(handler);

        var signed = await client.SignAsync(new SignRequest("CSR", "web"), "join-secret").WaitAsync(Timeout);

        Assert.Equal("web", signed.ServiceName);
        Assert.Equal(new RecordedRequest("POST", "/v1/ca/sign", "Bearer join-secret", "application/json", """{"csr":"CSR","service":"web"}"""), handler.Single);
    }

    [Fact]
    public async Task Sign_WithoutJoinToken_SendsNoAuthorization()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"spiffeId":"s","certificatePem":"C","chainPem":"R","notAfter":"2026-11-27T10:00:00Z","serviceName":"web"}""");
        using var client = ClientFixture.Create(handler);

        await client.SignAsync(new SignRequest("CSR"), joinToken: null).WaitAsync(Timeout);

        Assert.Null(handler.Single.Authorization);
        Assert.Equal("""{"csr":"CSR","service":null}""", handler.Single.Body);
    }

    [Fact]
    public async Task Rotate_AdminCall_PostsWithoutBody()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, RootsJson);
        using var client = ClientFixture.Create(handler);

        await client.RotateAsync().WaitAsync(Timeout);

        Assert.Equal(new RecordedRequest("POST", "/v1/ca/rotate", "Bearer admin-secret", null, null), handler.Single);
    }

    [Fact]
    public async Task GetIntention_NotFound_ReturnsNull()
    {
        var handler = new FakeHandler(HttpStatusCode.NotFound, """{"error":"no intentions for \"api\""}""");
        using var client = ClientFixture.Create(handler);

        Assert.Null(await client.GetIntentionAsync("api").WaitAsync(Timeout));
        Assert.Equal("/v1/intentions/api", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task GetIntention_Wildcard_IsEscaped()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"version":4,"document":{"destination":"*","sources":[{"name":"web","action":"deny"}]}}""");
        using var client = ClientFixture.Create(handler);

        var response = await client.GetIntentionAsync("*").WaitAsync(Timeout);

        Assert.Equal(new IntentionVersion(4), response!.Version);
        Assert.Equal("/v1/intentions/%2A", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task PutIntention_WithCas_SendsCanonicalDocumentAndCasQuery()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"version":8}""");
        using var client = ClientFixture.Create(handler);
        var document = new IntentionDocument("api", [new IntentionSource("web", IntentionAction.Allow), new IntentionSource("*", IntentionAction.Deny)]);

        var version = await client.PutIntentionAsync(document, new IntentionVersion(7)).WaitAsync(Timeout);

        Assert.Equal(new IntentionVersion(8), version.Version);
        Assert.Equal(
            new RecordedRequest("PUT", "/v1/intentions/api?cas=7", "Bearer admin-secret", "application/json", """{"destination":"api","sources":[{"action":"deny","name":"*"},{"action":"allow","name":"web"}]}"""),
            handler.Single);
    }

    [Fact]
    public async Task DeleteIntention_WithCas_SendsCasQuery()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"version":9}""");
        using var client = ClientFixture.Create(handler);

        await client.DeleteIntentionAsync("api", new IntentionVersion(0)).WaitAsync(Timeout);

        Assert.Equal(("DELETE", "/v1/intentions/api?cas=0"), (handler.Single.Method, handler.Single.PathAndQuery));
    }

    [Fact]
    public async Task Check_Request_SendsBodyAndReadsDecision()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"allowed":false,"reason":"denied by default","rule":null,"explanation":"no intention"}""");
        using var client = ClientFixture.Create(handler);

        var decision = await client.CheckAsync(new CheckRequest("web", "api", "GET", "/x")).WaitAsync(Timeout);

        Assert.False(decision.Allowed);
        Assert.Null(decision.Rule);
        Assert.Equal("""{"source":"web","destination":"api","method":"GET","path":"/x","headers":null}""", handler.Single.Body);
    }

    [Fact]
    public async Task GetShard_Destination_IsAQuery()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"destination":"api","version":7,"jws":"a.b.c"}""");
        using var client = ClientFixture.Create(handler);

        var shard = await client.GetShardAsync("api").WaitAsync(Timeout);

        Assert.Equal("a.b.c", shard.Jws);
        Assert.Equal(new RecordedRequest("GET", "/v1/intentions/bundle?destination=api", null, null, null), handler.Single);
    }

    [Fact]
    public async Task GetAudit_SinceAndLimit_AreUtcQuery()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, "[]");
        using var client = ClientFixture.Create(handler);

        await client.GetAuditAsync(new DateTimeOffset(2026, 11, 26, 12, 30, 0, TimeSpan.FromHours(2)), 50).WaitAsync(Timeout);

        Assert.Equal("/v1/audit?since=2026-11-26T10%3A30%3A00Z&limit=50", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task GetHealth_NotReady_ReturnsShapeInsteadOfThrowing()
    {
        var handler = new FakeHandler(HttpStatusCode.ServiceUnavailable, """{"status":"starting","ready":false,"leader":false,"replicaId":"r1","consul":"unreachable"}""");
        using var client = ClientFixture.Create(handler);

        var health = await client.GetHealthAsync().WaitAsync(Timeout);

        Assert.False(health.Ready);
        Assert.Equal("unreachable", health.Consul);
    }

    [Fact]
    public async Task GetRootsPem_Answer_IsReturnedAsText()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, "-----BEGIN CERTIFICATE-----\n", "application/x-pem-file");
        using var client = ClientFixture.Create(handler);

        Assert.Equal("-----BEGIN CERTIFICATE-----\n", await client.GetRootsPemAsync().WaitAsync(Timeout));
        Assert.Equal("/v1/ca/roots?pem", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task AdminCall_WithoutAdminToken_SendsNoAuthorization()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, "[]");
        using var client = ClientFixture.Create(handler, adminToken: null);

        await client.ListTokensAsync().WaitAsync(Timeout);

        Assert.Null(handler.Single.Authorization);
    }

    [Fact]
    public void Constructor_HttpAddress_IsRejected()
    {
        var options = new PolicyServerClientOptions { ServerAddress = new Uri("http://127.0.0.1:8443"), Trust = ClientFixture.Trust };

        var ex = Assert.Throws<ArgumentException>(() => new PolicyServerClient(options, new FakeHandler(HttpStatusCode.OK)));

        Assert.Equal("policy server address 'http://127.0.0.1:8443/' must be an absolute https:// URL, e.g. https://127.0.0.1:8443 (Parameter 'options')", ex.Message);
    }
}
