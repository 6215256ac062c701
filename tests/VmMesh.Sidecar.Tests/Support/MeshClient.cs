using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Sidecar.Tests.Support;

/// <summary>An HttpClient that acts as a peer sidecar: presents <c>clientCertificate</c> and checks the server's SPIFFE ID.</summary>
public static class MeshClient
{
    public static HttpClient Create(X509Certificate2? clientCertificate, TrustBundle bundle, TimeProvider time, SpiffeId? expectedServer, Action<X509Certificate2>? seenServerCertificate = null)
    {
        var validator = new LeafValidator(time);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (certificate is X509Certificate2 c)
                    {
                        seenServerCertificate?.Invoke(c);
                    }

                    return validator.ValidateTlsPeer(bundle, certificate, chain, errors, PeerRole.Server, expectedServer).IsValid;
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static HttpRequestMessage Get(string url, Version? version = null) => new(HttpMethod.Get, url)
    {
        Version = version ?? HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
