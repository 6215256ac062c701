using System.Text.Json.Serialization;

namespace VmMesh.Consul.Sessions;

/// <summary>Wire form of the session create response: <c>{"ID": "…"}</c>.</summary>
internal sealed record SessionCreateResponse
{
    [JsonPropertyName("ID")]
    public string Id { get; init; } = string.Empty;
}
