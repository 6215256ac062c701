using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Signing;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// The server's own certificates, both for <c>spiffe://&lt;td&gt;/vmmesh/policy-server</c>, issued together from one
/// CA snapshot: the TLS certificate (with the advertise names as DNS/IP SANs) and a dedicated signing certificate
/// for shards and the trust bundle, with its JWS signer.
/// </summary>
internal sealed record ServerCredentialSet(
    X509Certificate2 TlsCertificate,
    X509Certificate2 SigningCertificate,
    JwsSigner Signer,
    string RootId,
    long CaRevision,
    DateTimeOffset RenewAt);
