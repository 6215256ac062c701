namespace VmMesh.PolicyServer.Client.Tokens;

/// <summary>Answer to <c>POST /v1/tokens</c> (201): the only time the secret is shown.</summary>
/// <param name="Id">The token's public id (<c>tok_…</c>), used to list and revoke it.</param>
/// <param name="Token">The secret a host presents as Bearer on <c>POST /v1/ca/sign</c>.</param>
/// <param name="Services">The services it may obtain certificates for.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="MaxUses">Uses it was created with.</param>
/// <param name="RemainingUses">Uses left.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record TokenCreated(
    string Id,
    string Token,
    IReadOnlyList<string> Services,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    int RemainingUses,
    DateTimeOffset CreatedAt);
