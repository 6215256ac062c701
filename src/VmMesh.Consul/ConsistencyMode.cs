namespace VmMesh.Consul;

/// <summary>Consul read consistency (§1.4): default (leader), <c>?stale</c> or <c>?consistent</c>.</summary>
public enum ConsistencyMode
{
    Default,
    Stale,
    Consistent,
}
