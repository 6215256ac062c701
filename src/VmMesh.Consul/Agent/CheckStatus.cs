namespace VmMesh.Consul.Agent;

/// <summary>The statuses a TTL check can be set to.</summary>
public enum CheckStatus
{
    Passing,
    Warning,
    Critical,
}
