namespace VmMesh.Consul.Sessions;

/// <summary>
/// Result of a renew. <see cref="IsGone"/> when Consul answered 404 (the session expired or was destroyed): a lock
/// holder must treat that as leadership lost. Otherwise <see cref="Ttl"/> is the TTL the server returned, which may be
/// longer than requested; renew against it.
/// </summary>
public sealed record SessionRenewal
{
    public bool IsGone => Session is null;

    public SessionEntry? Session { get; init; }

    public TimeSpan? Ttl => Session?.Ttl;
}
