using System.Collections.Concurrent;
using VmMesh.Sidecar.Discovery;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// Power-of-two-choices over a service's healthy endpoints: two distinct random candidates, the one with fewer
/// requests in flight wins. Endpoints that passive health left out are skipped; when every endpoint is left out all
/// are used again (panic mode, as Envoy does), since Consul still reports them passing.
/// </summary>
internal sealed class LoadBalancer(TimeProvider timeProvider, Random random)
{
    private readonly ConcurrentDictionary<EndpointAddress, DestinationState> _states = new();
    private readonly Lock _randomLock = new();

    public DestinationState? Pick(ServiceEndpoints endpoints, DestinationState? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var now = timeProvider.GetUtcNow();
        var all = endpoints.Endpoints.Select(State).Where(s => !ReferenceEquals(s, exclude)).ToArray();
        var healthy = all.Where(s => !s.IsEjected(now)).ToArray();
        var candidates = healthy.Length > 0 ? healthy : all;
        switch (candidates.Length)
        {
            case 0:
                return null;
            case 1:
                return candidates[0];
        }

        int first, second;
        lock (_randomLock)
        {
            first = random.Next(candidates.Length);
            second = random.Next(candidates.Length - 1);
        }

        if (second >= first)
        {
            second++;
        }

        return candidates[second].InFlight < candidates[first].InFlight ? candidates[second] : candidates[first];
    }

    private DestinationState State(EndpointAddress address) => _states.GetOrAdd(address, a => new DestinationState(a));
}
