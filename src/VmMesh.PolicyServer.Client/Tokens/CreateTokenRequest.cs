// Join tokens: an operator creates one for the services a new host will run; the host spends it on its first
// certificate. The secret is returned once, on creation; the server keeps only its hash.
namespace VmMesh.PolicyServer.Client.Tokens;

/// <summary>Body of <c>POST /v1/tokens</c>.</summary>
/// <param name="Services">Service names the token may obtain certificates for (at least one).</param>
/// <param name="Ttl">Go-style lifetime, e.g. <c>"24h"</c>; null means the server default (24h).</param>
/// <param name="MaxUses">How many certificates it may obtain; null means the server default (1).</param>
public sealed record CreateTokenRequest(IReadOnlyList<string> Services, string? Ttl = null, int? MaxUses = null);
