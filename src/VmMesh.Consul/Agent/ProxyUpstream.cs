using System.Text.Json;

namespace VmMesh.Consul.Agent;

/// <summary>One upstream a proxy exposes locally (e.g. <c>127.0.0.1:9191</c> → <c>payments</c>).</summary>
public sealed record ProxyUpstream
{
    /// <summary><c>service</c> (default) or <c>prepared_query</c>.</summary>
    public string? DestinationType { get; init; }

    public string DestinationName { get; init; } = string.Empty;

    public string? Datacenter { get; init; }

    public string? LocalBindAddress { get; init; }

    public int? LocalBindPort { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Config { get; init; }
}
