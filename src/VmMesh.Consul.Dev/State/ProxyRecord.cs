using System.Collections.Immutable;
using System.Text.Json;

namespace VmMesh.Consul.Dev.State;

/// <summary>The Proxy block of a connect-proxy (or gateway) registration.</summary>
internal sealed record ProxyRecord
{
    public string DestinationServiceName { get; init; } = string.Empty;

    public string DestinationServiceId { get; init; } = string.Empty;

    public string LocalServiceAddress { get; init; } = string.Empty;

    public int LocalServicePort { get; init; }

    public string LocalServiceSocketPath { get; init; } = string.Empty;

    public string Mode { get; init; } = string.Empty;

    /// <summary>TransparentProxy block; null when not given.</summary>
    public (int OutboundListenerPort, bool DialedDirectly)? TransparentProxy { get; init; }

    public JsonElement? Config { get; init; }

    public ImmutableArray<UpstreamRecord> Upstreams { get; init; } = [];

    public string MeshGatewayMode { get; init; } = string.Empty;

    public bool ExposeChecks { get; init; }

    public ImmutableArray<ExposePathRecord> ExposePaths { get; init; } = [];
}
