using VmMesh.PolicyServer.Client.Errors;
using VmMesh.PolicyServer.Client.Tests.Client;
using VmMesh.PolicyServer.Client.Tests.Support;

namespace VmMesh.PolicyServer.Client.Tests.Trust;

/// <summary>The client's own handler against a real TLS server on 127.0.0.1:0.</summary>
public sealed class RealTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string Health = """{"status":"ok","ready":true,"leader":true,"replicaId":"r1","consul":"ok"}""";

    private static TestPki Pki => ClientFixture.Pki;

    private static PolicyServerClient Connect(int port, string host = "127.0.0.1", Func<System.Security.Cryptography.X509Certificates.X509Certificate2?>? clientCertificate = null) =>
        new(new PolicyServerClientOptions
        {
            ServerAddress = new Uri($"https://{host}:{port}"),
            Trust = Pki.Trust,
            ExpectedServerId = Pki.PolicyServerId,
            ClientCertificate = clientCertificate,
        });

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Health_ServerCertificateFromBundle_Succeeds(string host)
    {
        using var certificate = Pki.IssueServer(Pki.PolicyServerId);
        await using var server = new TlsTestServer(certificate, Health);
        using var client = Connect(server.Port, host);

        var health = await client.GetHealthAsync().WaitAsync(Timeout);

        Assert.True(health.Leader);
    }

    [Fact]
    public async Task Health_ServerCertificateFromAnotherCa_FailsAsTlsWithReason()
    {
        using var other = new TestPki(seed: 9);
        using var certificate = other.IssueServer(other.PolicyServerId);
        await using var server = new TlsTestServer(certificate, Health);
        using var client = Connect(server.Port);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.GetHealthAsync().WaitAsync(Timeout));

        Assert.Equal(PolicyServerErrorKind.Tls, ex.Kind);
        Assert.StartsWith($"TLS with the policy server at https://127.0.0.1:{server.Port}/ failed: certificate '", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not chain to a root in the trust bundle of 'mesh.test'", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("; check the server URL and that the trust bundle is the mesh's current ca.pem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WrongIdentity_FailsAsTls()
    {
        using var certificate = Pki.IssueServer(Pki.Service("web"));
        await using var server = new TlsTestServer(certificate, Health);
        using var client = Connect(server.Port);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.GetHealthAsync().WaitAsync(Timeout));

        Assert.Equal(PolicyServerErrorKind.Tls, ex.Kind);
        Assert.Contains("but spiffe://mesh.test/vmmesh/policy-server was expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_ClientCertificateConfigured_IsPresentedForRenewal()
    {
        using var certificate = Pki.IssueServer(Pki.PolicyServerId);
        using var sidecar = Pki.IssueServer(Pki.Service("web"));
        await using var server = new TlsTestServer(certificate, Health);
        using var client = Connect(server.Port, clientCertificate: () => sidecar);

        await client.GetHealthAsync().WaitAsync(Timeout);

        Assert.Equal(sidecar.Thumbprint, server.LastClientCertificate?.Thumbprint);
    }

    [Fact]
    public async Task Call_NothingListening_IsUnreachable()
    {
        using var client = Connect(FreeLoopbackPort());

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.GetRootsAsync().WaitAsync(Timeout));

        Assert.Equal(PolicyServerErrorKind.Unreachable, ex.Kind);
        Assert.StartsWith("cannot reach the policy server at https://127.0.0.1:", ex.Message, StringComparison.Ordinal);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
