using System.Net;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Authority;

/// <summary>
/// What the CA needs to issue a leaf: the CSR (only its public key is used) and the identity the caller has
/// already authenticated (join token or current certificate). DNS and IP SANs are added only when the caller
/// lists them here, e.g. <c>localhost</c> and <c>127.0.0.1</c> for the policy server's own HTTPS certificate.
/// </summary>
public sealed record LeafRequest(string CsrPem, SpiffeId Identity)
{
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>Overrides the CA's default leaf lifetime; must be within the allowed range.</summary>
    public TimeSpan? Lifetime { get; init; }
}
