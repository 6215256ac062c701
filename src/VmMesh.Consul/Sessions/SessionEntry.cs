using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Sessions;

/// <summary>A session as Consul reports it; <see cref="LockDelay"/> arrives as nanoseconds, <see cref="Ttl"/> as a string.</summary>
public sealed record SessionEntry
{
    [JsonPropertyName("ID")]
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Node { get; init; } = string.Empty;

    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan LockDelay { get; init; }

    /// <summary><c>release</c> or <c>delete</c>.</summary>
    public string Behavior { get; init; } = string.Empty;

    /// <summary>The TTL the server wants renewals against; null when the session has none.</summary>
    [JsonPropertyName("TTL")]
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Ttl { get; init; }

    [JsonConverter(typeof(NullAsEmptyListConverter<string>))]
    public IReadOnlyList<string> NodeChecks { get; init; } = [];

    public ConsulIndex CreateIndex { get; init; }

    public ConsulIndex ModifyIndex { get; init; }
}
