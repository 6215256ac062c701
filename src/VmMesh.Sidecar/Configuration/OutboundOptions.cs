using System.Collections.Immutable;

namespace VmMesh.Sidecar.Configuration;

/// <summary>The loopback listener the local app calls (proxy mode and Host routing), plus explicit upstream ports.</summary>
internal sealed record OutboundOptions(int Port, ImmutableArray<UpstreamOptions> Upstreams);
