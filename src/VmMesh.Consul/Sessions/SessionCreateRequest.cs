namespace VmMesh.Consul.Sessions;

/// <summary>
/// Options of <c>PUT /v1/session/create</c> (§8.1). <see cref="NodeChecks"/> null keeps Consul's default
/// (<c>serfHealth</c>); an empty list creates a session with no health checks, held alive only by its TTL.
/// </summary>
public sealed record SessionCreateRequest
{
    public string? Name { get; init; }

    public string? Node { get; init; }

    /// <summary>Between 10 s and 24 h on real Consul; null for no TTL.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Consul defaults to 15 s; capped at 60 s.</summary>
    public TimeSpan? LockDelay { get; init; }

    public SessionBehavior? Behavior { get; init; }

    public IReadOnlyList<string>? NodeChecks { get; init; }
}
