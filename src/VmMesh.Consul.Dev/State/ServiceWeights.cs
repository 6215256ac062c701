namespace VmMesh.Consul.Dev.State;

/// <summary>DNS SRV weights of a service instance; Consul's default is {1, 1}.</summary>
internal sealed record ServiceWeights(int Passing, int Warning);
