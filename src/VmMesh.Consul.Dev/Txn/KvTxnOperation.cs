namespace VmMesh.Consul.Dev.Txn;

/// <summary>The KV member of a txn operation.</summary>
internal sealed class KvTxnOperation
{
    public string? Verb { get; set; }

    public string? Key { get; set; }

    public byte[]? Value { get; set; }

    public ulong Flags { get; set; }

    public ulong Index { get; set; }

    public string? Session { get; set; }

    public string? Namespace { get; set; }

    public string? Partition { get; set; }
}
