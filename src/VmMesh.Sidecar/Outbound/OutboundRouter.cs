using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Configuration;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// Picks the destination service of a request from the local app: an explicit upstream port (<c>127.0.0.1:9001</c> is
/// <c>api</c>), otherwise the host of the request, which covers both HTTP-proxy mode (absolute-form
/// <c>GET http://api/path</c>, whose Host is <c>api</c>) and Host-header routing (<c>Host: api</c>).
/// </summary>
internal sealed class OutboundRouter(IEnumerable<UpstreamOptions> upstreams)
{
    private readonly FrozenDictionary<int, ServiceName> _byPort = upstreams.ToFrozenDictionary(u => u.LocalPort, u => u.Service);

    public IReadOnlyCollection<int> UpstreamPorts => _byPort.Keys;

    /// <summary>The service, or null with the reason when the request names none.</summary>
    public ServiceName? Route(HttpContext context, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        problem = null;
        if (_byPort.TryGetValue(context.Connection.LocalPort, out var upstream))
        {
            return upstream;
        }

        var host = context.Request.Host.Host;
        if (string.IsNullOrEmpty(host))
        {
            problem = "the request names no service; call http://<service>/path through the proxy, send Host: <service>, or use an upstream port";
            return null;
        }

        // "api.service.consul"-style names are not supported yet; the first label must be the whole name.
        if (ServiceName.TryParse(host, out var service, out var error))
        {
            return service;
        }

        problem = $"host '{host}' is not a service name ({error})";
        return null;
    }
}
