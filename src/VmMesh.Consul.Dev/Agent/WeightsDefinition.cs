namespace VmMesh.Consul.Dev.Agent;

/// <summary>Weights in a registration.</summary>
internal sealed class WeightsDefinition
{
    public int Passing { get; set; }

    public int Warning { get; set; }
}
