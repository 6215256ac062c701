using System.Text.Json.Serialization;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Catalog;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Health;

/// <summary>
/// One instance from <c>/v1/health/service</c> or <c>/v1/health/connect</c>: its node, the service and all checks
/// that apply (its own plus the node's, e.g. <c>serfHealth</c>).
/// </summary>
public sealed record ServiceEntry
{
    public CatalogNode Node { get; init; } = new();

    public AgentService Service { get; init; } = new();

    [JsonConverter(typeof(NullAsEmptyListConverter<HealthCheck>))]
    public IReadOnlyList<HealthCheck> Checks { get; init; } = [];

    /// <summary>Where to dial: the service address, or the node address when the service has none.</summary>
    public string DialAddress => string.IsNullOrEmpty(Service.Address) ? Node.Address : Service.Address;
}
