namespace VmMesh.Consul.Agent;

/// <summary>One entry of a service's <c>TaggedAddresses</c> map.</summary>
public sealed record ServiceAddress
{
    public string Address { get; init; } = string.Empty;

    public int Port { get; init; }
}
