using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Authority;

/// <summary>Issues leaf certificates; the policy server depends on this so its endpoints can be tested with a fake.</summary>
public interface ICertificateIssuer
{
    TrustDomain TrustDomain { get; }

    /// <summary>The issuing CA certificate (public part only).</summary>
    X509Certificate2 IssuerCertificate { get; }

    /// <summary>Issues a leaf or throws <see cref="CsrRejectedException"/> with the reason.</summary>
    X509Certificate2 Issue(LeafRequest request);
}
