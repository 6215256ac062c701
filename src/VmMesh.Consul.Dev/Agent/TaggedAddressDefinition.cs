namespace VmMesh.Consul.Dev.Agent;

/// <summary>A TaggedAddresses value in a registration.</summary>
internal sealed class TaggedAddressDefinition
{
    public string? Address { get; set; }

    public int Port { get; set; }
}
