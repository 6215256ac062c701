using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Discovery;

/// <summary>Gives the latest healthy endpoints of a service, starting to follow it on first use.</summary>
internal interface IEndpointSource
{
    /// <summary>The latest snapshot; on the first call for a service waits (bounded) for the first answer. Null when none came.</summary>
    ValueTask<ServiceEndpoints?> GetAsync(ServiceName service, CancellationToken cancellationToken);
}
