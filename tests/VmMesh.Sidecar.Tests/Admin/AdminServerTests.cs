using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Identity.Renewal;
using VmMesh.Sidecar.Admin;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Tests.Configuration;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Admin;

public sealed class AdminServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCa _ca = new();
    private readonly AdminState _state = new();
    private readonly CertificateStore _certificates = new();
    private readonly HttpClient _client = new();
    private IntentionStatus _intentions = new(null, null, null);
    private AdminServer _server = null!;

    public async Task InitializeAsync()
    {
        using var config = new ConfigFixture();
        config.Set("admin.port", "0");
        var options = config.Load().Options!;
        _server = await AdminServer.StartAsync(options, _state, _certificates, () => _intentions, NullLoggerFactory.Instance, CancellationToken.None).WaitAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task Live_Always200()
    {
        using var response = await _client.GetAsync(Url("/live")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_FollowsState()
    {
        using var before = await _client.GetAsync(Url("/ready")).WaitAsync(Timeout);
        _state.Ready = true;
        using var after = await _client.GetAsync(Url("/ready")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Config_ShowsActiveRevisionAndLastRejection()
    {
        _intentions = new IntentionStatus(7, "shard for 'web' from Consul KV: version 4 is lower than the held version 7; a replayed or stale shard is ignored", TestCa.Start);

        using var document = JsonDocument.Parse(await _client.GetStringAsync(Url("/config")).WaitAsync(Timeout));

        var intentions = document.RootElement.GetProperty("intentions");
        Assert.Equal(7, intentions.GetProperty("activeVersion").GetInt64());
        Assert.Equal(_intentions.LastRejection, intentions.GetProperty("lastRejection").GetString());
        Assert.Equal("web", document.RootElement.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Certs_ShowIdentityExpiryAndNextRenewal()
    {
        using var noCertificate = await _client.GetAsync(Url("/certs")).WaitAsync(Timeout);
        var certificate = _ca.IssueWithKey("web");
        var from = new DateTimeOffset(certificate.NotBefore).ToUniversalTime();
        var to = new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
        var renewAt = RenewalSchedule.Next(from, to, new Random(1));
        _certificates.Publish(new IdentitySnapshot(_ca.IdOf("web"), certificate, _ca.Bundle, from, to, renewAt, 3));

        using var document = JsonDocument.Parse(await _client.GetStringAsync(Url("/certs")).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, noCertificate.StatusCode);
        var root = document.RootElement;
        Assert.Equal("spiffe://mesh.test/ns/default/dc/dc1/svc/web", root.GetProperty("identity").GetString());
        Assert.Equal(to, root.GetProperty("notAfter").GetDateTimeOffset());
        Assert.Equal(renewAt, root.GetProperty("nextRenewal").GetDateTimeOffset());
        Assert.Equal(3, root.GetProperty("revision").GetInt64());
        Assert.Equal(_ca.Bundle.ActiveRootId, root.GetProperty("activeRoot").GetString());
    }

    private string Url(string path) => $"http://127.0.0.1:{_server.Port}{path}";
}
