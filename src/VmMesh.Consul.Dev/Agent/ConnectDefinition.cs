namespace VmMesh.Consul.Dev.Agent;

/// <summary>The Connect block: native, or a sidecar registered on the service's behalf.</summary>
internal sealed class ConnectDefinition
{
    public bool Native { get; set; }

    public ServiceDefinition? SidecarService { get; set; }
}
