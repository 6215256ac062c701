using System.Text.Json;

namespace VmMesh.Consul.Dev.State;

/// <summary>One upstream of a connect proxy.</summary>
internal sealed record UpstreamRecord(
    string DestinationType,
    string DestinationName,
    string Datacenter,
    string LocalBindAddress,
    int LocalBindPort,
    string LocalBindSocketPath,
    string LocalBindSocketMode,
    JsonElement? Config,
    string MeshGatewayMode,
    bool CentrallyConfigured);
