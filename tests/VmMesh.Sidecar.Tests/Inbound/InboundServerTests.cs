using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Inbound;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>The inbound listener on a real socket with real TLS: handshake rules, intentions, forwarding to a local app.</summary>
public sealed class InboundServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCa _ca = new();
    private readonly CertificateStore _certificates = new();
    private readonly IntentionStore _intentions = new();
    private EchoApp _app = null!;
    private InboundServer _server = null!;

    private string Url => $"https://127.0.0.1:{_server.Port}";

    public async Task InitializeAsync()
    {
        PublishWebCertificate(revision: 1);
        _intentions.Publish(Intentions(("api", IntentionAction.Allow)));
        _app = await EchoApp.StartAsync("web");
        _server = await InboundServer.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0),
            ServiceName.Parse("web"),
            _app.Port,
            _certificates,
            _intentions,
            _ca.Time,
            NullLoggerFactory.Instance,
            CancellationToken.None).WaitAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _app.DisposeAsync();
        _ca.Dispose();
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Request_AllowedPeer_ReachesAppWithVerifiedIdentity(string version)
    {
        using var api = _ca.IssueWithKey("api");
        using var client = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"));
        using var request = MeshClient.Get($"{Url}/orders/7", Version.Parse(version));

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Equal("web GET /orders/7 identity=spiffe://mesh.test/ns/default/dc/dc1/svc/api", await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Request_PeerSendsIdentityHeader_AppSeesOnlyVerifiedOne()
    {
        using var api = _ca.IssueWithKey("api");
        using var client = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"));
        using var request = MeshClient.Get($"{Url}/");
        request.Headers.TryAddWithoutValidation("X-VmMesh-Peer-Identity", "spiffe://mesh.test/ns/default/dc/dc1/svc/admin");
        request.Headers.TryAddWithoutValidation("x-vmmesh-peer-identity", "spiffe://mesh.test/ns/default/dc/dc1/svc/root");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal("web GET / identity=spiffe://mesh.test/ns/default/dc/dc1/svc/api", await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Request_NoIntentionForPeer_403IntentionDenied()
    {
        using var inventory = _ca.IssueWithKey("inventory");
        using var client = MeshClient.Create(inventory, _ca.Bundle, _ca.Time, _ca.IdOf("web"));

        using var response = await client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(["intention-denied"], response.Headers.GetValues("x-vmmesh-error"));
        Assert.Equal(
            "intention-denied: denied: no intention matches, so the mesh default action deny applies\n",
            await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Request_IntentionSwitchedToDeny_NextRequestDeniedOnSameConnection()
    {
        using var api = _ca.IssueWithKey("api");
        using var client = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"));
        using var allowed = await client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        _intentions.Publish(Intentions(("api", IntentionAction.Deny)));
        using var denied = await client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(["intention-denied"], denied.Headers.GetValues("x-vmmesh-error"));
    }

    [Fact]
    public async Task Handshake_NoClientCertificate_Refused()
    {
        using var client = MeshClient.Create(null, _ca.Bundle, _ca.Time, _ca.IdOf("web"));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Handshake_CertificateFromAnotherCa_Refused()
    {
        using var otherCa = new TestCa(_ca.Time, seed: 99);
        using var stranger = otherCa.IssueWithKey("api");
        using var client = MeshClient.Create(stranger, _ca.Bundle, _ca.Time, _ca.IdOf("web"));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Handshake_TwoUriSans_Refused()
    {
        using var twoNames = CraftedLeaf.Create(_ca, _ca.IdOf("api").ToString(), _ca.IdOf("web").ToString());
        using var client = MeshClient.Create(twoNames, _ca.Bundle, _ca.Time, _ca.IdOf("web"));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Handshake_SameCraftedShapeWithOneUriSan_Accepted()
    {
        // Guards the test above: the crafted leaf is refused for its two SANs, not for anything else about it.
        using var oneName = CraftedLeaf.Create(_ca, _ca.IdOf("api").ToString());
        using var client = MeshClient.Create(oneName, _ca.Bundle, _ca.Time, _ca.IdOf("web"));

        using var response = await client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Handshake_AfterRenewal_ServerPresentsNewCertificate()
    {
        using var api = _ca.IssueWithKey("api");
        var seen = new List<string>();
        using var first = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"), c => seen.Add(c.SerialNumber));
        using var firstResponse = await first.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);

        var renewed = PublishWebCertificate(revision: 2);
        using var second = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"), c => seen.Add(c.SerialNumber));
        using var secondResponse = await second.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(renewed.SerialNumber, seen[^1]);
        Assert.NotEqual(seen[0], seen[^1]);
    }

    [Fact]
    public async Task Handshake_RenewalDuringOpenConnection_ConnectionKeepsServing()
    {
        using var api = _ca.IssueWithKey("api");
        var handshakes = 0;
        using var client = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"), _ => Interlocked.Increment(ref handshakes));
        using var before = await client.SendAsync(MeshClient.Get($"{Url}/before", HttpVersion.Version20)).WaitAsync(Timeout);

        PublishWebCertificate(revision: 2);
        using var after = await client.SendAsync(MeshClient.Get($"{Url}/after", HttpVersion.Version20)).WaitAsync(Timeout);

        // One handshake: the second request went over the connection made with the old certificate.
        Assert.Equal(1, handshakes);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("web GET /after identity=spiffe://mesh.test/ns/default/dc/dc1/svc/api", await after.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Request_ManyConcurrentHttp2StreamsWithBodiesOnOneConnection_EachGetsItsOwnAnswer()
    {
        // Reads and writes of one TLS connection from many streams at once: records must not interleave or be lost.
        using var api = _ca.IssueWithKey("api");
        using var client = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"));
        var body = new byte[64 * 1024];
        new Random(7).NextBytes(body);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/n/{i}")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            using var response = await client.SendAsync(request).WaitAsync(Timeout);
            return (i, response.Version, await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
        })).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpVersion.Version20, a.Version);
            Assert.Equal($"web POST /n/{a.i} identity=spiffe://mesh.test/ns/default/dc/dc1/svc/api", a.Item3);
        });
    }

    [Fact]
    public async Task Request_LocalAppDown_502UpstreamConnectFailure()
    {
        await _app.DisposeAsync();
        using var api = _ca.IssueWithKey("api");
        using var client = MeshClient.Create(api, _ca.Bundle, _ca.Time, _ca.IdOf("web"));

        using var response = await client.SendAsync(MeshClient.Get($"{Url}/")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(["upstream-connect-failure"], response.Headers.GetValues("x-vmmesh-error"));
    }

    private X509Certificate2 PublishWebCertificate(long revision)
    {
        var certificate = _ca.IssueWithKey("web");
        var notBefore = new DateTimeOffset(certificate.NotBefore).ToUniversalTime();
        var notAfter = new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
        _certificates.Publish(new IdentitySnapshot(_ca.IdOf("web"), certificate, _ca.Bundle, notBefore, notAfter, RenewalSchedule.Next(notBefore, notAfter, new Random(1)), revision));
        return certificate;
    }

    private static IntentionSet Intentions(params (string Source, IntentionAction Action)[] sources) =>
        IntentionSet.Create(
            [new IntentionDocument("web", [.. sources.Select(s => new IntentionSource(s.Source, s.Action))])],
            MeshDefaults.DenyByDefault,
            new IntentionVersion(1)).GetValueOrThrow();
}
