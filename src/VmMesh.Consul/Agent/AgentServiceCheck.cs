using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Agent;

/// <summary>
/// A check inside a service registration (§3.3). Note the ID field is <c>CheckID</c> here (Consul rejects <c>ID</c>).
/// Durations go out as Go duration strings.
/// </summary>
public sealed record AgentServiceCheck
{
    [JsonPropertyName("CheckID")]
    public string? CheckId { get; init; }

    public string? Name { get; init; }

    public string? Notes { get; init; }

    /// <summary>Initial status: <c>passing</c>, <c>warning</c> or <c>critical</c> (Consul's default).</summary>
    public string? Status { get; init; }

    [JsonPropertyName("HTTP")]
    public string? Http { get; init; }

    public string? Method { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Header { get; init; }

    [JsonPropertyName("TLSSkipVerify")]
    public bool? TlsSkipVerify { get; init; }

    [JsonPropertyName("TCP")]
    public string? Tcp { get; init; }

    [JsonPropertyName("GRPC")]
    public string? Grpc { get; init; }

    public string? AliasService { get; init; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Interval { get; init; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Timeout { get; init; }

    [JsonPropertyName("TTL")]
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Ttl { get; init; }

    /// <summary>Crash safety net: Consul removes the service when this check stays critical this long (≥ 1 min).</summary>
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? DeregisterCriticalServiceAfter { get; init; }
}
