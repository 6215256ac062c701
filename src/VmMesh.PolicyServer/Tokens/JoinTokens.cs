// Join tokens: created by an operator for one or more services with a lifetime and a use count, stored hashed,
// spent one use per first certificate (CAS on the KV entry). The secret is "<id>.<random>" so the entry is found
// by ID and compared by hash, in constant time.
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Client.Tokens;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Tokens;

/// <summary>Creates, lists, revokes, checks and spends join tokens.</summary>
internal sealed class JoinTokens(TokenStore store, AuditRecorder audit, TimeProvider timeProvider)
{
    public const string InvalidMessage = "join token is not valid; ask the operator for a new one (vmmesh token create --service NAME)";

    private const int MaxSpendAttempts = 20;

    public async Task<TokenCreated> CreateAsync(IReadOnlyList<ServiceName> services, TimeSpan ttl, int maxUses, CancellationToken cancellationToken)
    {
        var id = "tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = id + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        var stored = new StoredToken(id, Hash(secret), [.. services.Select(s => s.Value)], now + ttl, maxUses, maxUses, now, null);
        if (!await store.CreateAsync(stored, audit.Create(AuditRecorder.AdminActor, "token.create", id, null, Describe(stored)), cancellationToken))
        {
            throw ApiException.Conflict($"join token ID {id} already exists; retry to get a new ID");
        }

        return new TokenCreated(stored.Id, secret, stored.Services, stored.ExpiresAt, stored.MaxUses, stored.RemainingUses, stored.CreatedAt);
    }

    public async Task<IReadOnlyList<TokenInfo>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(cancellationToken)).Where(t => t.RevokedAt is null).OrderBy(t => t.CreatedAt).Select(t => new TokenInfo(t.Id, t.Services, t.ExpiresAt, t.MaxUses, t.RemainingUses, t.CreatedAt))];

    public async Task RevokeAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxSpendAttempts; attempt++)
        {
            var found = await store.GetAsync(id, cancellationToken);
            if (found is not { Token: var token, ModifyIndex: var index } || token.RevokedAt is not null)
            {
                throw ApiException.NotFound($"join token {id} does not exist or is already revoked; list tokens with GET /v1/tokens");
            }

            var revoked = token with { RevokedAt = timeProvider.GetUtcNow() };
            if (await store.RevokeAsync(revoked, index, audit.Create(AuditRecorder.AdminActor, "token.revoke", id, Describe(token), Describe(revoked)), cancellationToken))
            {
                return;
            }
        }

        throw ApiException.Conflict($"join token {id} kept changing during the revocation; retry");
    }

    /// <summary>
    /// Checks a presented token and picks the service to certify; spends nothing. Throws 401 for an unknown, wrong,
    /// revoked, expired or used-up token, 403 for a service the token is not for, 400 when the service is ambiguous.
    /// </summary>
    public async Task<(StoredToken Token, ServiceName Service)> CheckAsync(string presented, string? requestedService, CancellationToken cancellationToken)
    {
        var dot = presented.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !presented.StartsWith("tok_", StringComparison.Ordinal))
        {
            throw ApiException.Unauthorized(InvalidMessage);
        }

        var found = await store.GetAsync(presented[..dot], cancellationToken);
        if (found is not { Token: var token } || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(token.SecretSha256), Convert.FromHexString(Hash(presented))))
        {
            throw ApiException.Unauthorized(InvalidMessage);
        }

        CheckUsable(token);
        if (requestedService is null)
        {
            if (token.Services.Count != 1)
            {
                throw ApiException.BadRequest($"sign request: service is missing and join token {token.Id} is for {token.Services.Count} services ({string.Join(", ", token.Services)}); set service to one of them");
            }

            return (token, ServiceName.Parse(token.Services[0]));
        }

        if (!ServiceName.TryParse(requestedService, out var service, out var error))
        {
            throw ApiException.BadRequest($"sign request: service: {error}");
        }

        if (!token.Services.Contains(service.Value, StringComparer.Ordinal))
        {
            throw ApiException.Forbidden($"join token {token.Id} is for {string.Join(", ", token.Services)}, not \"{service}\"; use a token created for {service}");
        }

        return (token, service);
    }

    /// <summary>Spends one use with CAS, re-checking the token on every attempt; the loser of a race for the last use gets 401.</summary>
    public async Task SpendAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxSpendAttempts; attempt++)
        {
            var found = await store.GetAsync(id, cancellationToken) ?? throw ApiException.Unauthorized(InvalidMessage);
            CheckUsable(found.Token);
            if (await store.ReplaceAsync(found.Token with { RemainingUses = found.Token.RemainingUses - 1 }, found.ModifyIndex, cancellationToken))
            {
                return;
            }
        }

        throw ApiException.Unavailable($"join token {id} is being used by many hosts at once; retry");
    }

    private void CheckUsable(StoredToken token)
    {
        if (token.RevokedAt is { } revokedAt)
        {
            throw ApiException.Unauthorized($"join token {token.Id} was revoked at {TimeText.Format(revokedAt)}; ask the operator for a new one");
        }

        if (timeProvider.GetUtcNow() >= token.ExpiresAt)
        {
            throw ApiException.Unauthorized($"join token {token.Id} expired at {TimeText.Format(token.ExpiresAt)}; ask the operator for a new one");
        }

        if (token.RemainingUses <= 0)
        {
            throw ApiException.Unauthorized($"join token {token.Id} has no uses left (maxUses {token.MaxUses}); ask the operator for a new one");
        }
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static JsonObject Describe(StoredToken token) => new()
    {
        ["id"] = token.Id,
        ["services"] = new JsonArray([.. token.Services.Select(s => (JsonNode?)JsonValue.Create(s))]),
        ["expiresAt"] = TimeText.Format(token.ExpiresAt),
        ["maxUses"] = token.MaxUses,
        ["remainingUses"] = token.RemainingUses,
        ["revoked"] = token.RevokedAt is not null,
    };
}
