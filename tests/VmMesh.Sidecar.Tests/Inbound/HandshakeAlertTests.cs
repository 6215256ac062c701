using System.Net;
using System.Security.Authentication;
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

/// <summary>
/// Issue 4: a client the inbound listener refuses gets a TLS alert, never an HTTP answer and never a bare close.
/// TLS 1.2: the alert replaces the server's Finished, so the client's handshake fails. TLS 1.3: the client's
/// certificate travels after the server's Finished, so the client's handshake call returns and the alert is what its
/// first read gets. Both with a .NET SslStream client and with the real curl.
/// </summary>
public sealed class HandshakeAlertTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCa _ca = new();
    private readonly CertificateStore _certificates = new();
    private readonly IntentionStore _intentions = new();
    private readonly TempDirectory _directory = new();
    private X509Certificate2 _serverCertificate = null!;
    private EchoApp _app = null!;
    private InboundServer _server = null!;

    public async Task InitializeAsync()
    {
        _serverCertificate = PublishWebCertificate(revision: 1);
        _intentions.Publish(IntentionSet.Create(
            [new IntentionDocument("web", [new IntentionSource("api", IntentionAction.Allow)])],
            MeshDefaults.DenyByDefault,
            new IntentionVersion(1)).GetValueOrThrow());
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
        _directory.Dispose();
        _ca.Dispose();
    }

    public enum Client
    {
        NoCertificate,
        AnotherCa,
        TwoUriSans,
        Expired,
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task SslClient_MeshCertificate_HandshakeAndHttpAnswer(SslProtocols protocol)
    {
        using var api = _ca.IssueWithKey("api");

        var result = await TlsProbe.GetAsync(_server.Port, protocol, api, _serverCertificate);

        Assert.Null(result.Error);
        Assert.StartsWith("HTTP/1.1 200 OK", result.Response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, Client.NoCertificate, "sslv3 alert handshake failure")]
    [InlineData(SslProtocols.Tls13, Client.NoCertificate, "tlsv13 alert certificate required")]
    [InlineData(SslProtocols.Tls12, Client.AnotherCa, "tlsv1 alert unknown ca")]
    [InlineData(SslProtocols.Tls13, Client.AnotherCa, "tlsv1 alert unknown ca")]
    [InlineData(SslProtocols.Tls12, Client.TwoUriSans, "sslv3 alert bad certificate")]
    [InlineData(SslProtocols.Tls13, Client.TwoUriSans, "sslv3 alert bad certificate")]
    [InlineData(SslProtocols.Tls12, Client.Expired, "sslv3 alert certificate expired")]
    [InlineData(SslProtocols.Tls13, Client.Expired, "sslv3 alert certificate expired")]
    public async Task SslClient_RefusedCertificate_GetsTlsAlert(SslProtocols protocol, Client client, string alert)
    {
        using var certificate = CertificateFor(client);

        var result = await TlsProbe.GetAsync(_server.Port, protocol, certificate, _serverCertificate);

        // TLS 1.2 fails inside AuthenticateAsClientAsync; TLS 1.3 on the first read after it.
        Assert.Equal(protocol == SslProtocols.Tls12 ? TlsProbeStage.Handshake : TlsProbeStage.Response, result.FailedAt);
        Assert.IsType(protocol == SslProtocols.Tls12 ? typeof(AuthenticationException) : typeof(IOException), result.Error);
        Assert.Contains(alert, result.Messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public async Task Curl_MeshCertificate_200(string tls)
    {
        var (certificate, key) = WritePem("api", _ca.IssueWithKey("api"));

        var result = await Curl.GetAsync(Url, tls, certificate, key);

        Assert.True(result.ExitCode == 0 && result.HttpCode == "200", result.ToString());
    }

    // What an operator sees. TLS 1.2: curl's handshake fails, exit 35. TLS 1.3: curl's handshake is done when the
    // alert arrives, so it is the read of the response that fails, exit 56. Either way no HTTP status (000).
    [Theory]
    [InlineData("1.2", Client.NoCertificate, 35, "sslv3 alert handshake failure")]
    [InlineData("1.3", Client.NoCertificate, 56, "tlsv13 alert certificate required")]
    [InlineData("1.2", Client.AnotherCa, 35, "tlsv1 alert unknown ca")]
    [InlineData("1.3", Client.AnotherCa, 56, "tlsv1 alert unknown ca")]
    [InlineData("1.2", Client.TwoUriSans, 35, "sslv3 alert bad certificate")]
    [InlineData("1.3", Client.TwoUriSans, 56, "sslv3 alert bad certificate")]
    public async Task Curl_RefusedCertificate_PrintsAlert(string tls, Client client, int exitCode, string alert)
    {
        using var certificate = CertificateFor(client);
        var (certificatePath, keyPath) = certificate is null ? (null, null) : WritePem(client.ToString(), certificate);

        var result = await Curl.GetAsync(Url, tls, certificatePath, keyPath);

        Assert.True(result.ExitCode == exitCode && result.HttpCode == "000", result.ToString());
        Assert.Contains(alert, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SslClient_AfterRenewal_NewConnectionsGetRenewedCertificate()
    {
        using var api = _ca.IssueWithKey("api");
        var before = await TlsProbe.GetAsync(_server.Port, SslProtocols.Tls13, api, _serverCertificate);

        var renewed = PublishWebCertificate(revision: 2);
        var after = await TlsProbe.GetAsync(_server.Port, SslProtocols.Tls13, api, renewed);
        var refusedWithOld = await TlsProbe.GetAsync(_server.Port, SslProtocols.Tls13, api, _serverCertificate);

        Assert.StartsWith("HTTP/1.1 200 OK", before.Response, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK", after.Response, StringComparison.Ordinal);
        Assert.Equal(TlsProbeStage.Handshake, refusedWithOld.FailedAt);
    }

    private string Url => $"https://127.0.0.1:{_server.Port}/";

    private X509Certificate2? CertificateFor(Client client)
    {
        switch (client)
        {
            case Client.NoCertificate:
                return null;
            case Client.AnotherCa:
                using (var otherCa = new TestCa(_ca.Time, seed: 99))
                {
                    return otherCa.IssueWithKey("api");
                }

            case Client.TwoUriSans:
                return CraftedLeaf.Create(_ca, _ca.IdOf("api").ToString(), _ca.IdOf("admin").ToString());
            default:
                // Valid for an hour of the fake clock, then the clock moves past it (the server's leaf lasts longer).
                var expired = _ca.IssueWithKey("api", TimeSpan.FromHours(1));
                _ca.Time.Advance(TimeSpan.FromHours(2));
                return expired;
        }
    }

    private (string Certificate, string Key) WritePem(string name, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return (_directory.WriteFile($"{name}.pem", certificate.ExportCertificatePem()), _directory.WriteFile($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    private X509Certificate2 PublishWebCertificate(long revision)
    {
        var certificate = _ca.IssueWithKey("web");
        var notBefore = new DateTimeOffset(certificate.NotBefore).ToUniversalTime();
        var notAfter = new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
        _certificates.Publish(new IdentitySnapshot(_ca.IdOf("web"), certificate, _ca.Bundle, notBefore, notAfter, RenewalSchedule.Next(notBefore, notAfter, new Random(1)), revision));
        return certificate;
    }
}
