using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Agent;

/// <summary>
/// Body of <c>PUT /v1/agent/check/register</c> (§3.5). Unlike a service's check, the ID field here is <c>ID</c>.
/// </summary>
public sealed record AgentCheckRegistration
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    public required string Name { get; init; }

    public string? Notes { get; init; }

    [JsonPropertyName("ServiceID")]
    public string? ServiceId { get; init; }

    public string? Status { get; init; }

    [JsonPropertyName("HTTP")]
    public string? Http { get; init; }

    [JsonPropertyName("TCP")]
    public string? Tcp { get; init; }

    public string? AliasService { get; init; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Interval { get; init; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Timeout { get; init; }

    [JsonPropertyName("TTL")]
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Ttl { get; init; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? DeregisterCriticalServiceAfter { get; init; }
}
