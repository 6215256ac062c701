using System.Text.Json;
using VmMesh.Consul.Dev.Json;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>The check fields shared by a service's Check/Checks and /v1/agent/check/register (contract §3.3).</summary>
internal abstract class CheckDefinitionBase
{
    public string? Name { get; set; }

    public string? Notes { get; set; }

    public string? Status { get; set; }

    public string? Http { get; set; }

    public string? Method { get; set; }

    public Dictionary<string, List<string>>? Header { get; set; }

    public string? Body { get; set; }

    public bool DisableRedirects { get; set; }

    public string? TlsServerName { get; set; }

    public bool TlsSkipVerify { get; set; }

    public string? Tcp { get; set; }

    public bool TcpUseTls { get; set; }

    public string? Udp { get; set; }

    public string? Grpc { get; set; }

    public bool GrpcUseTls { get; set; }

    public string? H2Ping { get; set; }

    public bool H2PingUseTls { get; set; }

    public string? OsService { get; set; }

    public string? AliasService { get; set; }

    public string? AliasNode { get; set; }

    public List<string>? Args { get; set; }

    public List<string>? ScriptArgs { get; set; }

    public string? DockerContainerId { get; set; }

    public string? Shell { get; set; }

    public DurationValue? Interval { get; set; }

    public DurationValue? Timeout { get; set; }

    public DurationValue? Ttl { get; set; }

    public DurationValue? DeregisterCriticalServiceAfter { get; set; }

    public int SuccessBeforePassing { get; set; }

    public int FailuresBeforeWarning { get; set; }

    public int FailuresBeforeCritical { get; set; }

    public int OutputMaxSize { get; set; }

    public JsonElement? Definition { get; set; }

    /// <summary>True for "Check": {} (Consul ignores empty check objects).</summary>
    public virtual bool IsEmpty => Name is null && Notes is null && Status is null && Http is null && Tcp is null && Udp is null
        && Grpc is null && H2Ping is null && OsService is null && AliasService is null && AliasNode is null && Args is null
        && ScriptArgs is null && DockerContainerId is null && Interval is null && Timeout is null && Ttl is null
        && DeregisterCriticalServiceAfter is null && Method is null && Header is null && Body is null;
}
