using System.Collections.Immutable;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Configuration;

/// <summary>The local app this sidecar fronts: its Consul registration and the loopback port it listens on.</summary>
internal sealed record ServiceOptions(
    ServiceName Name,
    string Id,
    int Port,
    ImmutableArray<string> Tags,
    ImmutableSortedDictionary<string, string> Meta,
    CheckOptions? Check);
