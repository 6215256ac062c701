using System.Net;
using System.Net.Sockets;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Model;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Outbound;

/// <summary>app → sidecar (outbound) → mTLS → sidecar (inbound) → app, all on real sockets with real TLS.</summary>
public sealed class SidecarToSidecarTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCa _ca = new();
    private readonly StaticEndpointSource _endpoints = new();
    private readonly int _upstreamPort = FreePort();
    private Support.Sidecar _web = null!;
    private Support.Sidecar _api = null!;

    public async Task InitializeAsync()
    {
        _api = await Support.Sidecar.StartAsync("api", _ca, _endpoints);
        _web = await Support.Sidecar.StartAsync("web", _ca, _endpoints, [new UpstreamOptions(ServiceName.Parse("api"), _upstreamPort)]);
        _api.SetIntentions(("web", IntentionAction.Allow));
        _endpoints.Set("api", ("127.0.0.1", _api.Inbound.Port));
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _api.DisposeAsync();
        _ca.Dispose();
    }

    [Fact]
    public async Task ProxyMode_RequestReachesPeerAppWithCallerIdentity()
    {
        using var client = _web.ProxyClient();

        var body = await client.GetStringAsync("http://api/orders/7?x=1").WaitAsync(Timeout);

        Assert.Equal("api GET /orders/7 identity=spiffe://mesh.test/ns/default/dc/dc1/svc/web", body);
    }

    [Fact]
    public async Task HostHeader_RoutesToService()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_web.Outbound.Port}/stock");
        request.Headers.Host = "api";

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal("api GET /stock identity=spiffe://mesh.test/ns/default/dc/dc1/svc/web", await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task UpstreamPort_RoutesToConfiguredService()
    {
        using var client = new HttpClient();

        var body = await client.GetStringAsync($"http://localhost:{_upstreamPort}/health").WaitAsync(Timeout);

        Assert.Equal("api GET /health identity=spiffe://mesh.test/ns/default/dc/dc1/svc/web", body);
    }

    [Fact]
    public async Task Intention_Deny_403WithReasonFromPeerSidecar()
    {
        _api.SetIntentions(("web", IntentionAction.Deny));
        using var client = _web.ProxyClient();

        using var response = await client.GetAsync("http://api/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(["intention-denied"], response.Headers.GetValues("x-vmmesh-error"));
    }

    [Fact]
    public async Task PeerWithWrongIdentity_502UpstreamConnectFailure()
    {
        // "inventory" resolves to api's sidecar: its certificate says api, so the handshake is refused.
        _endpoints.Set("inventory", ("127.0.0.1", _api.Inbound.Port));
        using var client = _web.ProxyClient();

        using var response = await client.GetAsync("http://inventory/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(["upstream-connect-failure"], response.Headers.GetValues("x-vmmesh-error"));
    }

    [Fact]
    public async Task NoPassingEndpoint_503NoHealthyEndpoint()
    {
        _endpoints.Set("billing");
        using var client = _web.ProxyClient();

        using var response = await client.GetAsync("http://billing/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["no-healthy-endpoint"], response.Headers.GetValues("x-vmmesh-error"));
        Assert.Equal("no-healthy-endpoint: Consul lists no passing sidecar of service 'billing'\n", await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task HostThatIsNoServiceName_404UnknownService()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_web.Outbound.Port}/");
        request.Headers.Host = "Not_A_Service";

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["unknown-service"], response.Headers.GetValues("x-vmmesh-error"));
    }

    [Fact]
    public async Task OneEndpointDead_EveryRequestStillSucceeds()
    {
        _endpoints.Set("api", ("127.0.0.1", FreePort()), ("127.0.0.1", _api.Inbound.Port));
        using var client = _web.ProxyClient();

        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync($"http://api/{i}").WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Renewal_PeerAcceptsNewClientCertificateWithoutNewPool()
    {
        using var client = _web.ProxyClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://api/before").WaitAsync(Timeout)).StatusCode);
        var renewed = _ca.IssueWithKey("web");
        var old = _web.Certificates.Required;
        _web.Certificates.Publish(old with { Certificate = renewed, Revision = 2 });

        using var response = await client.GetAsync("http://api/after").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
