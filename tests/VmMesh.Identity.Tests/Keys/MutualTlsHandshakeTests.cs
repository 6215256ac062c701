using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Keys;

/// <summary>Real SslStream mTLS over loopback with issued certificates and the validator in both callbacks.</summary>
public class MutualTlsHandshakeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Handshake_TwoIssuedCertificates_EachSideSeesThePeersSpiffeId()
    {
        using var pki = new TestPki();
        using var serverCert = pki.IssueWithKey(pki.Api);
        using var clientCert = pki.IssueWithKey(pki.Web);

        var outcome = await HandshakeAsync(pki, pki.Bundle, serverCert, clientCert, expectedServer: pki.Api);

        Assert.True(outcome.ServerSaw!.IsValid, outcome.ServerSaw.Message);
        Assert.True(outcome.ClientSaw!.IsValid, outcome.ClientSaw.Message);
        Assert.Equal(pki.Web, outcome.ServerSaw.Identity);
        Assert.Equal(pki.Api, outcome.ClientSaw.Identity);
        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal("pong", outcome.Echo);
    }

    [Fact]
    public async Task Handshake_ClientFromAnotherCa_ServerRejects()
    {
        using var pki = new TestPki();
        using var impostor = new TestPki(seed: 77);
        using var serverCert = pki.IssueWithKey(pki.Api);
        using var clientCert = impostor.IssueWithKey(impostor.Web);

        var outcome = await HandshakeAsync(pki, pki.Bundle, serverCert, clientCert, expectedServer: pki.Api);

        Assert.Equal(ValidationFailure.UntrustedChain, outcome.ServerSaw!.Failure);
        Assert.IsType<AuthenticationException>(outcome.ServerError);
        Assert.Null(outcome.Echo);
    }

    [Fact]
    public async Task Handshake_ServerIsNotTheExpectedService_ClientRejects()
    {
        using var pki = new TestPki();
        using var serverCert = pki.IssueWithKey(pki.PolicyServer);
        using var clientCert = pki.IssueWithKey(pki.Web);

        var outcome = await HandshakeAsync(pki, pki.Bundle, serverCert, clientCert, expectedServer: pki.Api);

        Assert.Equal(ValidationFailure.WrongIdentity, outcome.ClientSaw!.Failure);
        Assert.IsType<AuthenticationException>(outcome.ClientError);
        Assert.Null(outcome.Echo);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Handshake_ServerOnNewRoot_ClientWithOldBundleAcceptsOnlyWithCrossSignedLink(bool sendLink)
    {
        // Mid-rotation: this client has not fetched the new bundle yet; the server's leaf is from the new root.
        using var pki = new TestPki();
        using var newRoot = RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random);
        using var newCa = new CertificateAuthority(newRoot, pki.Time, pki.Random);
        using var cross = pki.Ca.CrossSign(newRoot);
        using var key = VmMesh.Identity.Keys.MeshKey.Create();
        using var leaf = newCa.Issue(new LeafRequest(VmMesh.Identity.Keys.SigningRequestBuilder.CreatePem(key, pki.Api), pki.Api));
        using var serverCert = VmMesh.Identity.Keys.CertificateCredential.Combine(leaf, key);
        using var clientCert = pki.IssueWithKey(pki.Web);

        var outcome = await HandshakeAsync(pki, pki.Bundle, serverCert, clientCert, expectedServer: pki.Api, serverIntermediates: sendLink ? [cross] : []);

        if (sendLink)
        {
            Assert.True(outcome.ClientSaw!.IsValid, outcome.ClientSaw.Message);
            Assert.Equal(pki.Api, outcome.ClientSaw.Identity);
            Assert.Equal("pong", outcome.Echo);
        }
        else
        {
            Assert.Equal(ValidationFailure.UntrustedChain, outcome.ClientSaw!.Failure);
            Assert.Null(outcome.Echo);
        }
    }

    private static async Task<Outcome> HandshakeAsync(TestPki pki, TrustBundle bundle, X509Certificate2 serverCert, X509Certificate2 clientCert, SpiffeId expectedServer, X509Certificate2[]? serverIntermediates = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var outcome = new Outcome();

        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync().WaitAsync(Timeout);
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(serverCert, [.. serverIntermediates ?? []], offline: true),
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        outcome.ServerSaw = pki.Validator.ValidateTlsPeer(bundle, certificate, chain, errors, PeerRole.Client);
                        return outcome.ServerSaw.IsValid;
                    },
                }).WaitAsync(Timeout);
                var buffer = new byte[4];
                await tls.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
                await tls.WriteAsync("pong"u8.ToArray()).AsTask().WaitAsync(Timeout);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                outcome.ServerError = ex;
            }
        });

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Timeout);
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "api",
                    ClientCertificates = [clientCert],
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCert,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        outcome.ClientSaw = pki.Validator.ValidateTlsPeer(bundle, certificate, chain, errors, PeerRole.Server, expectedServer);
                        return outcome.ClientSaw.IsValid;
                    },
                }).WaitAsync(Timeout);
                await tls.WriteAsync("ping"u8.ToArray()).AsTask().WaitAsync(Timeout);
                var buffer = new byte[4];
                await tls.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
                outcome.Echo = System.Text.Encoding.ASCII.GetString(buffer);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                outcome.ClientError = ex;
            }
        }

        await serverTask.WaitAsync(Timeout);
        return outcome;
    }

    private sealed class Outcome
    {
        public ValidationResult? ServerSaw { get; set; }

        public ValidationResult? ClientSaw { get; set; }

        public Exception? ServerError { get; set; }

        public Exception? ClientError { get; set; }

        public string? Echo { get; set; }
    }
}
