namespace VmMesh.Consul.Health;

/// <summary>The states <c>/v1/health/state/:state</c> accepts.</summary>
public enum HealthState
{
    Any,
    Passing,
    Warning,
    Critical,
}
