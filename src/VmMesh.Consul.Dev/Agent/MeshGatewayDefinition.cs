namespace VmMesh.Consul.Dev.Agent;

/// <summary>MeshGateway {Mode}.</summary>
internal sealed class MeshGatewayDefinition
{
    public string? Mode { get; set; }
}
