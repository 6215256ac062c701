using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Identity;

/// <summary>What the identity manager needs from the configuration: who this sidecar is and what it trusts at first.</summary>
/// <param name="InitialBundle">The bundle from <c>policyServer.caFile</c>; replaced by the policy server's current roots once reached.</param>
internal sealed record IdentitySettings(ServiceName Service, string Datacenter, string? JoinTokenFile, TrustBundle InitialBundle);
