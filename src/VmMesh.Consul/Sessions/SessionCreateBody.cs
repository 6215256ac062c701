using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Sessions;

/// <summary>Wire form of the session create body; only known PascalCase fields, durations with units.</summary>
internal sealed record SessionCreateBody
{
    public string? Name { get; init; }

    public string? Node { get; init; }

    [JsonPropertyName("TTL")]
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Ttl { get; init; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? LockDelay { get; init; }

    public string? Behavior { get; init; }

    public IReadOnlyList<string>? NodeChecks { get; init; }
}
