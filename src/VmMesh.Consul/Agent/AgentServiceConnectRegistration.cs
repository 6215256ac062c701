namespace VmMesh.Consul.Agent;

/// <summary>The <c>Connect</c> block of a registration: native mode or the sidecar registration sugar.</summary>
public sealed record AgentServiceConnectRegistration
{
    public bool? Native { get; init; }

    public AgentServiceRegistration? SidecarService { get; init; }
}
