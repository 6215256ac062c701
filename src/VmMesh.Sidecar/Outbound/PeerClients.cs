using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.Sidecar.Identity;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// One pooled mTLS client per destination service (HTTP/2 negotiated by ALPN, HTTP/1.1 otherwise). The client
/// certificate is read from the <see cref="CertificateStore"/> at each handshake and the server must present the
/// destination service's SPIFFE ID under the current bundle, so a renewal changes neither the pool nor its connections.
/// </summary>
internal sealed class PeerClients(CertificateStore certificates, string datacenter, TimeProvider timeProvider) : IDisposable
{
    private readonly ConcurrentDictionary<ServiceName, HttpMessageInvoker> _clients = new();
    private readonly LeafValidator _validator = new(timeProvider);

    public HttpMessageInvoker For(ServiceName service) => _clients.GetOrAdd(service, Create);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpMessageInvoker Create(ServiceName service)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ActivityHeadersPropagator = null,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificates.Required.Certificate,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    var current = certificates.Required;
                    var expected = SpiffeId.ForService(current.Bundle.TrustDomain, datacenter, service);
                    return _validator.ValidateTlsPeer(current.Bundle, certificate, chain, errors, PeerRole.Server, expected).IsValid;
                },
            },
        };
        return new HttpMessageInvoker(handler);
    }
}
