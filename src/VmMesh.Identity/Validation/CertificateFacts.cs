using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Validation;

/// <summary>Small readers of certificate facts shared by the CA, the trust bundle and the validators.</summary>
internal static class CertificateFacts
{
    public static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions[X509Oids.BasicConstraints] is X509BasicConstraintsExtension { CertificateAuthority: true };

    public static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    /// <summary>Reads a CA certificate's single URI SAN <c>spiffe://&lt;td&gt;</c> (SPIFFE: a signing certificate's ID has no path).</summary>
    public static TrustDomain? ReadCaTrustDomain(X509Certificate2 certificate, out string? error)
    {
        error = null;
        System.Collections.Immutable.ImmutableArray<string> uris;
        try
        {
            uris = SubjectAlternativeNames.ReadUris(certificate);
        }
        catch (AsnContentException ex)
        {
            error = $"CA certificate '{certificate.Subject}' has a malformed SubjectAlternativeName extension ({ex.Message}); regenerate the root";
            return null;
        }

        if (uris.Length != 1)
        {
            error = $"CA certificate '{certificate.Subject}' has {uris.Length} URI SANs; it needs exactly one, spiffe://<trust-domain>";
            return null;
        }

        var uri = uris[0];
        if (!uri.StartsWith(SpiffeId.Prefix, StringComparison.Ordinal)
            || !TrustDomain.TryParse(uri[SpiffeId.Prefix.Length..], out var trustDomain, out var trustDomainError))
        {
            error = $"CA certificate '{certificate.Subject}' has URI SAN '{uri}'; a CA's URI SAN must be spiffe://<trust-domain> with no path";
            return null;
        }

        _ = trustDomainError;
        return trustDomain;
    }
}
