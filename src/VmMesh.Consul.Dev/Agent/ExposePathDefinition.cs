namespace VmMesh.Consul.Dev.Agent;

/// <summary>Proxy.Expose.Paths[i].</summary>
internal sealed class ExposePathDefinition
{
    public string? Path { get; set; }

    public int LocalPathPort { get; set; }

    public int ListenerPort { get; set; }

    public string? Protocol { get; set; }
}
