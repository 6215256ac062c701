using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Agent;

/// <summary>The stable part of <c>GET /v1/agent/self</c>: who the local agent is (node, datacenter, version).</summary>
public sealed record AgentSelf
{
    public AgentConfig Config { get; init; } = new();

    public AgentMember Member { get; init; } = new();

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();
}
