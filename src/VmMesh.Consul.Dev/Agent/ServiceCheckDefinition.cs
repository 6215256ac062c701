namespace VmMesh.Consul.Dev.Agent;

/// <summary>A check inside a service registration (uses CheckID; a ServiceID is tolerated and ignored).</summary>
internal sealed class ServiceCheckDefinition : CheckDefinitionBase
{
    public string? CheckId { get; set; }

    public string? ServiceId { get; set; }

    public override bool IsEmpty => base.IsEmpty && CheckId is null;
}
