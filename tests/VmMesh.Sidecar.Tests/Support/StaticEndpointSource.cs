using System.Collections.Concurrent;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Discovery;

namespace VmMesh.Sidecar.Tests.Support;

/// <summary>Endpoints set by the test instead of watched in Consul; unknown services have no answer.</summary>
internal sealed class StaticEndpointSource : IEndpointSource
{
    private readonly ConcurrentDictionary<string, ServiceEndpoints> _services = new();

    public void Set(string service, params (string Host, int Port)[] endpoints) =>
        _services[service] = new ServiceEndpoints(ServiceName.Parse(service), [.. endpoints.Select(e => new EndpointAddress(e.Host, e.Port))], 1);

    public ValueTask<ServiceEndpoints?> GetAsync(ServiceName service, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_services.GetValueOrDefault(service.Value));
}
