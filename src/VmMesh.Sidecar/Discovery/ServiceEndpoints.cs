using System.Collections.Immutable;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Discovery;

/// <summary>The healthy endpoints of one service at one Consul index; immutable, replaced whole on every change.</summary>
internal sealed record ServiceEndpoints(ServiceName Service, ImmutableArray<EndpointAddress> Endpoints, ulong Index);
