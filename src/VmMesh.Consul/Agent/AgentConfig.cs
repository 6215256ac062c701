using System.Text.Json.Serialization;

namespace VmMesh.Consul.Agent;

/// <summary><c>Config</c> of <c>/v1/agent/self</c>.</summary>
public sealed record AgentConfig
{
    public string Datacenter { get; init; } = string.Empty;

    public string PrimaryDatacenter { get; init; } = string.Empty;

    public string NodeName { get; init; } = string.Empty;

    [JsonPropertyName("NodeID")]
    public string NodeId { get; init; } = string.Empty;

    public string Revision { get; init; } = string.Empty;

    public bool Server { get; init; }

    public string Version { get; init; } = string.Empty;
}
