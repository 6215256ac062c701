using System.Text.Json.Serialization;
using VmMesh.Consul.Kv;

namespace VmMesh.Consul.Txn;

/// <summary>Wire form of one transaction result: <c>{"KV": DirEntry}</c>.</summary>
internal sealed record TxnResultWire
{
    [JsonPropertyName("KV")]
    public KVPair? KV { get; init; }
}
