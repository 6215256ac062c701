// The sidecar's own identity: flow is key pair made here → CSR → policy server (join token the first time, the
// current certificate over mTLS after that) → IdentitySnapshot published whole in the CertificateStore → read at
// every TLS handshake (Kestrel's certificate selector, the outbound client-certificate callback) → saved to the
// fail-static cache in the data directory. IdentityManager owns the flow and its renewal timer.
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Identity;

/// <summary>
/// One certificate generation: the leaf with its private key, the trust bundle peers are checked against, and when
/// to renew. Immutable and never disposed while published: a handshake may still hold the previous snapshot, so old
/// certificates are left to the garbage collector.
/// </summary>
internal sealed record IdentitySnapshot(
    SpiffeId Identity,
    X509Certificate2 Certificate,
    TrustBundle Bundle,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset RenewAt,
    long Revision);
