using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Health;

/// <summary>A check as health, agent and catalog reads report it (§4.1). Status is kept as the wire string.</summary>
public sealed record HealthCheck
{
    public string Node { get; init; } = string.Empty;

    [JsonPropertyName("CheckID")]
    public string CheckId { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary><c>passing</c>, <c>warning</c> or <c>critical</c> (see <see cref="HealthStatuses"/>).</summary>
    public string Status { get; init; } = string.Empty;

    public string Notes { get; init; } = string.Empty;

    public string Output { get; init; } = string.Empty;

    [JsonPropertyName("ServiceID")]
    public string ServiceId { get; init; } = string.Empty;

    public string ServiceName { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyListConverter<string>))]
    public IReadOnlyList<string> ServiceTags { get; init; } = [];

    public string Type { get; init; } = string.Empty;

    public string Interval { get; init; } = string.Empty;

    public string Timeout { get; init; } = string.Empty;

    public ConsulIndex CreateIndex { get; init; }

    public ConsulIndex ModifyIndex { get; init; }
}
