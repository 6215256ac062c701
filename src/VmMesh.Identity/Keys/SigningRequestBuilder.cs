using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Keys;

/// <summary>
/// Builds the PKCS#10 CSR a sidecar sends to the policy server. The requested ID is included for operators and
/// tools that inspect CSRs, but the CA ignores it: the certificate's identity comes from the caller's authentication.
/// </summary>
public static class SigningRequestBuilder
{
    public static string CreatePem(ECDsa key, SpiffeId identity)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(identity);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("VmMesh");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(SubjectAlternativeNames.Encode(identity.ToString(), [], [], critical: false));
        return request.CreateSigningRequestPem();
    }
}
