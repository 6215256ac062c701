namespace VmMesh.Consul.Agent;

/// <summary>DNS SRV weights; Consul defaults to <c>{Passing: 1, Warning: 1}</c>.</summary>
public sealed record ServiceWeights
{
    public int Passing { get; init; } = 1;

    public int Warning { get; init; } = 1;
}
