using System.Text.Json.Serialization;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Agent;

/// <summary>
/// A service instance as the agent (and the health/catalog endpoints' <c>Service</c> object) reports it.
/// Output only: the registration input is <see cref="AgentServiceRegistration"/> (the name field differs).
/// </summary>
public sealed record AgentService
{
    public string Kind { get; init; } = string.Empty;

    [JsonPropertyName("ID")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The service name (the output field is <c>Service</c>, the input field is <c>Name</c>).</summary>
    public string Service { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyListConverter<string>))]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<string>))]
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public int Port { get; init; }

    /// <summary>Empty means "use the node's address".</summary>
    public string Address { get; init; } = string.Empty;

    [JsonConverter(typeof(NullAsEmptyDictionaryConverter<ServiceAddress>))]
    public IReadOnlyDictionary<string, ServiceAddress> TaggedAddresses { get; init; } = new Dictionary<string, ServiceAddress>();

    public ServiceWeights? Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public ServiceProxy? Proxy { get; init; }

    public ServiceConnect? Connect { get; init; }

    public string Datacenter { get; init; } = string.Empty;

    /// <summary>Only on <c>/v1/agent/service/:id</c>; the value to pass as <see cref="QueryOptions.Hash"/>.</summary>
    public string? ContentHash { get; init; }

    public ConsulIndex CreateIndex { get; init; }

    public ConsulIndex ModifyIndex { get; init; }
}
