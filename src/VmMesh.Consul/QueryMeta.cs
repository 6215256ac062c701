namespace VmMesh.Consul;

/// <summary>
/// What Consul's response headers say about a read: the index to block on next, leader knowledge, staleness,
/// the content hash of hash-blockable agent endpoints and the default ACL policy. Every field tolerates absence.
/// </summary>
public sealed record QueryMeta
{
    public static QueryMeta Empty { get; } = new();

    /// <summary>X-Consul-Index; <see cref="ConsulIndex.Zero"/> when the header was absent or unparsable.</summary>
    public ConsulIndex LastIndex { get; init; }

    /// <summary>X-Consul-KnownLeader; false when absent.</summary>
    public bool KnownLeader { get; init; }

    /// <summary>X-Consul-LastContact (milliseconds on the wire); zero when absent.</summary>
    public TimeSpan LastContact { get; init; }

    /// <summary>X-Consul-ContentHash of hash-blockable agent endpoints; null when absent.</summary>
    public string? ContentHash { get; init; }

    /// <summary>X-Consul-Default-ACL-Policy (<c>allow</c> or <c>deny</c>); null when absent.</summary>
    public string? DefaultAclPolicy { get; init; }
}
