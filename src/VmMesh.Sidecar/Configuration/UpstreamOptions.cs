using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Configuration;

/// <summary>Consul-style explicit upstream: <c>127.0.0.1:LocalPort</c> means <see cref="Service"/>.</summary>
internal sealed record UpstreamOptions(ServiceName Service, int LocalPort);
