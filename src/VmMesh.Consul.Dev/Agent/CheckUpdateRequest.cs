namespace VmMesh.Consul.Dev.Agent;

/// <summary>Body of PUT /v1/agent/check/update/:id.</summary>
internal sealed class CheckUpdateRequest
{
    public string? Status { get; set; }

    public string? Output { get; set; }
}
