using System.Text.Json;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>The Proxy block of a connect-proxy registration.</summary>
internal sealed class ProxyDefinition
{
    public string? DestinationServiceName { get; set; }

    public string? DestinationServiceId { get; set; }

    public string? LocalServiceAddress { get; set; }

    public int LocalServicePort { get; set; }

    public string? LocalServiceSocketPath { get; set; }

    public string? Mode { get; set; }

    public TransparentProxyDefinition? TransparentProxy { get; set; }

    public JsonElement? Config { get; set; }

    public List<UpstreamDefinition>? Upstreams { get; set; }

    public MeshGatewayDefinition? MeshGateway { get; set; }

    public ExposeDefinition? Expose { get; set; }
}
