using System.Text.Json;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Discovery;

/// <summary>
/// The endpoints part of the fail-static cache: the last snapshot per service in <c>&lt;dataDir&gt;/endpoints/</c>,
/// used only when Consul gives no answer, so a sidecar restarted during a Consul outage still reaches its peers.
/// </summary>
internal sealed class EndpointCache(string dataDir)
{
    public string Directory { get; } = Path.Combine(dataDir, "endpoints");

    public ServiceEndpoints? Load(ServiceName service)
    {
        var path = PathOf(service);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var entries = JsonSerializer.Deserialize<CachedEndpoint[]>(File.ReadAllText(path)) ?? [];
            return new ServiceEndpoints(service, [.. entries.Select(e => new EndpointAddress(e.Host, e.Port))], 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(ServiceEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(endpoints.Service);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(endpoints.Endpoints.Select(e => new CachedEndpoint(e.Host, e.Port)).ToArray()));
        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(ServiceName service) => Path.Combine(Directory, service.Value + ".json");

    private sealed record CachedEndpoint(string Host, int Port);
}
