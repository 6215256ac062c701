namespace VmMesh.Consul.Kv;

/// <summary>
/// A KV entry (§6.1 DirEntry). <see cref="ModifyIndex"/> is the CAS token; <see cref="LockIndex"/> counts lock
/// acquisitions and serves as a fencing token; <see cref="Session"/> is the lock holder, null when unlocked.
/// </summary>
public sealed record KVPair
{
    public string Key { get; init; } = string.Empty;

    public ConsulIndex CreateIndex { get; init; }

    public ConsulIndex ModifyIndex { get; init; }

    public ulong LockIndex { get; init; }

    public ulong Flags { get; init; }

    /// <summary>The raw value (base64 on the wire); null when empty.</summary>
    public byte[]? Value { get; init; }

    public string? Session { get; init; }
}
