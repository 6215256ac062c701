namespace VmMesh.Consul.Health;

/// <summary>The literal check statuses Consul uses on the wire.</summary>
public static class HealthStatuses
{
    public const string Passing = "passing";
    public const string Warning = "warning";
    public const string Critical = "critical";
}
