namespace VmMesh.Consul.Txn;

/// <summary>Wire form of a KV transaction operation (verbs in Consul's kebab-case).</summary>
internal sealed record TxnKVWire
{
    public required string Verb { get; init; }

    public required string Key { get; init; }

    public byte[]? Value { get; init; }

    public ulong? Flags { get; init; }

    public ulong? Index { get; init; }

    public string? Session { get; init; }
}
