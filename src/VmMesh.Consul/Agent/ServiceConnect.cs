namespace VmMesh.Consul.Agent;

/// <summary>The <c>Connect</c> block of a reported service; <see cref="Native"/> for Connect-native apps.</summary>
public sealed record ServiceConnect
{
    public bool Native { get; init; }
}
