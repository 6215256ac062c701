using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Signing;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// The server's own certificates, both for <c>spiffe://&lt;td&gt;/vmmesh/policy-server</c>, issued together from one
/// CA snapshot: the TLS certificate (with the advertise names as DNS/IP SANs) and a dedicated signing certificate
/// for shards and the trust bundle, with its JWS signer. <paramref name="SignerId"/> is the signing certificate's
/// fingerprint (also the JWS <c>kid</c>): whatever was signed under another one must be signed again, because that
/// certificate expires (renewal, rotation) and sidecars then reject its signatures.
/// </summary>
internal sealed record ServerCredentialSet(
    X509Certificate2 TlsCertificate,
    X509Certificate2 SigningCertificate,
    JwsSigner Signer,
    string SignerId,
    string RootId,
    long CaRevision,
    DateTimeOffset RenewAt);
