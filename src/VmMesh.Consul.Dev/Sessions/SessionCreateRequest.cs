using VmMesh.Consul.Dev.Json;

namespace VmMesh.Consul.Dev.Sessions;

/// <summary>Body of PUT /v1/session/create.</summary>
internal sealed class SessionCreateRequest
{
    public string? Name { get; set; }

    public string? Node { get; set; }

    public DurationValue? LockDelay { get; set; }

    public string? Behavior { get; set; }

    public string? Ttl { get; set; }

    public List<string>? NodeChecks { get; set; }

    public List<ServiceCheckReference>? ServiceChecks { get; set; }

    public List<string>? Checks { get; set; }
}
