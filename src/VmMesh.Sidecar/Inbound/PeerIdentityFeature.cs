using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Inbound;

/// <summary>The caller's identity, verified at the TLS handshake and read once per request from its certificate.</summary>
internal sealed record PeerIdentityFeature(SpiffeId Identity, ServiceName Service);
