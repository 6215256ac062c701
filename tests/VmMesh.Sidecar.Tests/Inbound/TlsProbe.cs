using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>
/// A raw SslStream client: handshake, one HTTP/1.1 GET, read the first bytes back. Says where it stopped and with
/// what, so a test can tell a TLS alert from a closed connection and from an HTTP answer.
/// </summary>
internal static class TlsProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<TlsProbeResult> GetAsync(int port, SslProtocols protocol, X509Certificate2? clientCertificate, X509Certificate2 expectedServer)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Timeout);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "web",
            EnabledSslProtocols = protocol,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,

            // Pinned to the certificate the test published: the server is checked, and the fake clock does not matter.
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == expectedServer.GetCertHashString(),
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options).WaitAsync(Timeout);
        }
        catch (AuthenticationException e)
        {
            return new TlsProbeResult(TlsProbeStage.Handshake, e, null);
        }

        try
        {
            await tls.WriteAsync("GET / HTTP/1.1\r\nHost: web\r\n\r\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
            var buffer = new byte[64];
            var count = await tls.ReadAsync(buffer).AsTask().WaitAsync(Timeout);
            return new TlsProbeResult(TlsProbeStage.Response, null, Encoding.ASCII.GetString(buffer, 0, count));
        }
        catch (IOException e)
        {
            return new TlsProbeResult(TlsProbeStage.Response, e, null);
        }
    }
}
