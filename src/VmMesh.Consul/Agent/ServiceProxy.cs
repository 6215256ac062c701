using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmMesh.Consul.Agent;

/// <summary>
/// The <c>Proxy</c> block of a <c>connect-proxy</c> service, used both to register and to read. Only fields Consul
/// knows are sent; unset ones are omitted.
/// </summary>
public sealed record ServiceProxy
{
    public string? DestinationServiceName { get; init; }

    [JsonPropertyName("DestinationServiceID")]
    public string? DestinationServiceId { get; init; }

    public string? LocalServiceAddress { get; init; }

    public int? LocalServicePort { get; init; }

    /// <summary><c>""</c>, <c>direct</c> or <c>transparent</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>Free-form proxy configuration (e.g. <c>protocol</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Config { get; init; }

    public IReadOnlyList<ProxyUpstream>? Upstreams { get; init; }
}
