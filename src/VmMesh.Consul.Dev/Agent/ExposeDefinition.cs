namespace VmMesh.Consul.Dev.Agent;

/// <summary>Proxy.Expose.</summary>
internal sealed class ExposeDefinition
{
    public bool Checks { get; set; }

    public List<ExposePathDefinition>? Paths { get; set; }
}
