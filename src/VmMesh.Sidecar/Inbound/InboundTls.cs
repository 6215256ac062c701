using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using VmMesh.Identity.Validation;
using VmMesh.Sidecar.Identity;

namespace VmMesh.Sidecar.Inbound;

/// <summary>
/// The inbound listener's TLS where SslStream sends the alert itself (Windows; Linux uses
/// <see cref="Tls.OpenSslHandshake"/>, because .NET 10 on Linux checks the client certificate only after the handshake
/// and closes without an alert). The server certificate is read from the <see cref="CertificateStore"/> at every
/// handshake (renewal needs no restart), a client certificate is required, and it is accepted only when
/// <see cref="LeafValidator.ValidateTlsPeer"/> says it is a mesh client of the current trust bundle: no certificate,
/// another CA or two URI SANs fail the handshake itself.
/// </summary>
internal static partial class InboundTls
{
    public static HttpsConnectionAdapterOptions Create(CertificateStore certificates, TimeProvider timeProvider, ILogger logger)
    {
        var validator = new LeafValidator(timeProvider);
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificates.Required.Certificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, chain, errors) =>
            {
                var result = validator.ValidateTlsPeer(certificates.Required.Bundle, certificate, chain, errors, PeerRole.Client);
                if (!result.IsValid)
                {
                    PeerRejected(logger, result.Failure.ToString(), result.Message);
                }

                return result.IsValid;
            },
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CheckCertificateRevocation = false,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        };
    }

    [LoggerMessage(200, LogLevel.Information, "Inbound handshake refused ({Failure}): {Reason}")]
    private static partial void PeerRejected(ILogger logger, string failure, string reason);
}
