using System.Text.Json.Serialization;

namespace VmMesh.Consul.Txn;

/// <summary>Wire form of one transaction element: <c>{"KV": {...}}</c>.</summary>
internal sealed record TxnOpWire([property: JsonPropertyName("KV")] TxnKVWire KV);
