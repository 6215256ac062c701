using System.Text.Json;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>Proxy.Upstreams[i].</summary>
internal sealed class UpstreamDefinition
{
    public string? DestinationType { get; set; }

    public string? DestinationNamespace { get; set; }

    public string? DestinationPartition { get; set; }

    public string? DestinationPeer { get; set; }

    public string? DestinationName { get; set; }

    public string? Datacenter { get; set; }

    public string? LocalBindAddress { get; set; }

    public int LocalBindPort { get; set; }

    public string? LocalBindSocketPath { get; set; }

    public string? LocalBindSocketMode { get; set; }

    public JsonElement? Config { get; set; }

    public MeshGatewayDefinition? MeshGateway { get; set; }

    public bool CentrallyConfigured { get; set; }
}
