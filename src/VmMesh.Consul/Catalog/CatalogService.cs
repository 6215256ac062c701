using System.Text.Json.Serialization;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Catalog;

/// <summary>One flattened node+service row of <c>/v1/catalog/service/:name</c> (no checks).</summary>
public sealed record CatalogService
{
    [JsonPropertyName("ID")]
    public string Id { get; init; } = string.Empty;

    public string Node { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    public string Datacenter { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> NodeMeta { get; init; } = new Dictionary<string, string>();

    public string ServiceKind { get; init; } = string.Empty;

    [JsonPropertyName("ServiceID")]
    public string ServiceId { get; init; } = string.Empty;

    public string ServiceName { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyListConverter<string>))]
    public IReadOnlyList<string> ServiceTags { get; init; } = [];

    public string ServiceAddress { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> ServiceMeta { get; init; } = new Dictionary<string, string>();

    public int ServicePort { get; init; }

    public ServiceWeights? ServiceWeights { get; init; }

    public bool ServiceEnableTagOverride { get; init; }

    public ServiceProxy? ServiceProxy { get; init; }

    public ConsulIndex CreateIndex { get; init; }

    public ConsulIndex ModifyIndex { get; init; }
}
