using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Sidecar.Inbound;

/// <summary>
/// Reads the peer's SPIFFE ID from a client certificate that already passed <see cref="LeafValidator"/> at the
/// handshake (chain, shape, exactly one URI SAN), so only the SAN's URI entries are decoded here.
/// </summary>
internal static class PeerIdentityReader
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static PeerIdentityFeature? Read(X509Certificate2? certificate)
    {
        var extension = certificate?.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            return null;
        }

        try
        {
            string? uri = null;
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (!names.PeekTag().HasSameClassAndValue(UriTag))
                {
                    names.ReadEncodedValue();
                }
                else if (uri is null)
                {
                    uri = names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag);
                }
                else
                {
                    return null;
                }
            }

            return SpiffeId.TryParse(uri, out var id) && id.TryGetServiceName(out var service)
                ? new PeerIdentityFeature(id, service)
                : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
