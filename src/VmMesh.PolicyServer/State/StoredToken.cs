namespace VmMesh.PolicyServer.State;

/// <summary>
/// A join token in KV (<c>vmmesh/tokens/&lt;id&gt;</c>). Only the SHA-256 of the secret is kept. A revoked token stays
/// (with <see cref="RevokedAt"/>) so a host that presents it is told why it fails.
/// </summary>
internal sealed record StoredToken(
    string Id,
    string SecretSha256,
    IReadOnlyList<string> Services,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    int RemainingUses,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);
