using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Catalog;

/// <summary>A node as catalog and health reads report it (§4.1 Node object).</summary>
public sealed record CatalogNode
{
    [JsonPropertyName("ID")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The node name (wire field <c>Node</c>).</summary>
    [JsonPropertyName("Node")]
    public string Name { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    public string Datacenter { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> TaggedAddresses { get; init; } = new Dictionary<string, string>();

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public ConsulIndex CreateIndex { get; init; }

    public ConsulIndex ModifyIndex { get; init; }
}
