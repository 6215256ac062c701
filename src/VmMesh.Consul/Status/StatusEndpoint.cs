using VmMesh.Consul.Http;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Status;

/// <summary><c>/v1/status/*</c>: a cheap liveness probe of the cluster.</summary>
public sealed class StatusEndpoint
{
    private readonly ConsulTransport _transport;

    internal StatusEndpoint(ConsulTransport transport) => _transport = transport;

    /// <summary>The leader's <c>address:port</c>; empty when the cluster has no leader.</summary>
    public async Task<string> LeaderAsync(CancellationToken cancellationToken = default)
    {
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = "v1/status/leader", Idempotent = true };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.String, string.Empty);
    }
}
