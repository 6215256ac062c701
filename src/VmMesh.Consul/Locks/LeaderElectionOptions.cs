using VmMesh.Consul.Sessions;

namespace VmMesh.Consul.Locks;

/// <summary>
/// Settings of a <see cref="ConsulLeaderElection"/> (§8.3). Defaults follow the Go lock helper: 15 s TTL, a retry
/// every 5 s while lock-delay blocks acquisition, 15 s blocking reads, and its lock flag value.
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The Go client's flag marking keys used as locks.</summary>
    public const ulong LockFlagValue = 0x2ddccbc058a50c18;

    /// <summary>The lock key, e.g. <c>vmmesh/leader/policy-server</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Written to the key on acquisition: who the leader is (e.g. instance ID and address as JSON).</summary>
    public ReadOnlyMemory<byte> Value { get; init; }

    public string SessionName { get; init; } = "vmmesh-leader";

    /// <summary>Session TTL; renewed every TTL/2 (using the TTL the server returns). Real Consul needs 10 s – 24 h.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After the session dies, nobody can take the key for this long (gives the old leader time to notice).</summary>
    public TimeSpan LockDelay { get; init; } = TimeSpan.FromSeconds(5);

    public SessionBehavior Behavior { get; init; } = SessionBehavior.Release;

    /// <summary>Wait before trying again when the key is free but acquisition failed (lock-delay still active).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait of each blocking read while following the key.</summary>
    public TimeSpan MonitorWait { get; init; } = TimeSpan.FromSeconds(15);

    public ulong Flags { get; init; } = LockFlagValue;
}
