// VmMesh.Identity: SPIFFE identities (Spiffe/), the mesh CA (Authority/), peer certificate checks
// (Validation/), renewal timing (Renewal/), sidecar-side keys and CSRs (Keys/) and signed policy
// documents (Signing/). Data flow: a sidecar makes a key and CSR -> the policy server's CA issues a leaf
// for the identity it authenticated -> peers check that leaf against the trust bundle on every handshake.
namespace VmMesh.Identity;

/// <summary>Object identifiers the CA writes and the validators read.</summary>
internal static class X509Oids
{
    public const string SubjectAlternativeName = "2.5.29.17";
    public const string BasicConstraints = "2.5.29.19";
    public const string KeyUsage = "2.5.29.15";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string RsaPublicKey = "1.2.840.113549.1.1.1";
    public const string NistP256 = "1.2.840.10045.3.1.7";
    public const string NistP384 = "1.3.132.0.34";
    public const string NistP521 = "1.3.132.0.35";
}
