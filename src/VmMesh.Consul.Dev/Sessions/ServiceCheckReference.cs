namespace VmMesh.Consul.Dev.Sessions;

/// <summary>An entry of a session's ServiceChecks.</summary>
internal sealed class ServiceCheckReference
{
    public string? Id { get; set; }

    public string? Namespace { get; set; }
}
