using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Agent;

/// <summary><c>Member</c> of <c>/v1/agent/self</c>; <see cref="Status"/> 1 means alive.</summary>
public sealed record AgentMember
{
    public string Name { get; init; } = string.Empty;

    public string Addr { get; init; } = string.Empty;

    public int Port { get; init; }

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public int Status { get; init; }
}
