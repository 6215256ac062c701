using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Sidecar.Inbound;

/// <summary>
/// Reads the peer's SPIFFE ID from a client certificate that already passed <see cref="LeafValidator"/> at the
/// handshake (chain, shape, exactly one URI SAN), with the identity library's own SAN decoder.
/// </summary>
internal static class PeerIdentityReader
{
    public static PeerIdentityFeature? Read(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        try
        {
            return SubjectAlternativeNames.ReadUris(certificate) is [var uri]
                && SpiffeId.TryParse(uri, out var id)
                && id.TryGetServiceName(out var service)
                ? new PeerIdentityFeature(id, service)
                : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
