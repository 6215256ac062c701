namespace VmMesh.Consul.Dev.Agent;

/// <summary>Body of PUT /v1/agent/check/register.</summary>
internal sealed class CheckRegistration : CheckDefinitionBase
{
    public string? Id { get; set; }

    public string? CheckId { get; set; }

    public string? ServiceId { get; set; }
}
