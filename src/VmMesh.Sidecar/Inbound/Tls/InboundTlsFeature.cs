using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// What the handshake settled, as Kestrel reads it: the client certificate (HttpContext.Connection.ClientCertificate)
/// and the ALPN protocol (Kestrel picks HTTP/2 when it is "h2", HTTP/1.1 otherwise).
/// </summary>
internal sealed class InboundTlsFeature(X509Certificate2? clientCertificate, ReadOnlyMemory<byte> applicationProtocol)
    : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    public X509Certificate2? ClientCertificate { get; set; } = clientCertificate;

    public ReadOnlyMemory<byte> ApplicationProtocol { get; } = applicationProtocol;

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
}
