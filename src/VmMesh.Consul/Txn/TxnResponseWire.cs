using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Txn;

/// <summary>Wire form of the <c>/v1/txn</c> response (200 and 409 alike).</summary>
internal sealed record TxnResponseWire
{
    [JsonConverter(typeof(NullAsEmptyListConverter<TxnResultWire>))]
    public IReadOnlyList<TxnResultWire> Results { get; init; } = [];

    [JsonConverter(typeof(NullAsEmptyListConverter<TxnError>))]
    public IReadOnlyList<TxnError> Errors { get; init; } = [];
}
