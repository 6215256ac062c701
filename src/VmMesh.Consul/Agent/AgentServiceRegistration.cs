using System.Text.Json.Serialization;

namespace VmMesh.Consul.Agent;

/// <summary>
/// Body of <c>PUT /v1/agent/service/register</c> (§3.3). Sent in PascalCase with unset fields omitted, because
/// Consul rejects unknown fields; output-only fields (<c>Service</c>, <c>ContentHash</c>) are deliberately absent.
/// </summary>
public sealed record AgentServiceRegistration
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? Address { get; init; }

    public IReadOnlyDictionary<string, ServiceAddress>? TaggedAddresses { get; init; }

    public int? Port { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary><c>connect-proxy</c> or a gateway kind; null for a typical service.</summary>
    public string? Kind { get; init; }

    public ServiceProxy? Proxy { get; init; }

    public AgentServiceConnectRegistration? Connect { get; init; }

    public AgentServiceCheck? Check { get; init; }

    public IReadOnlyList<AgentServiceCheck>? Checks { get; init; }

    public bool? EnableTagOverride { get; init; }

    public ServiceWeights? Weights { get; init; }
}
