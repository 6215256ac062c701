namespace VmMesh.PolicyServer.Client.Tokens;

/// <summary>One element of <c>GET /v1/tokens</c>: a join token without its secret.</summary>
/// <param name="Id">The token's public id (<c>tok_…</c>).</param>
/// <param name="Services">The services it may obtain certificates for.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="MaxUses">Uses it was created with.</param>
/// <param name="RemainingUses">Uses left.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record TokenInfo(
    string Id,
    IReadOnlyList<string> Services,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    int RemainingUses,
    DateTimeOffset CreatedAt);
