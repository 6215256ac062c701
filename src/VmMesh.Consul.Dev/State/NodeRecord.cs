using System.Collections.Immutable;

namespace VmMesh.Consul.Dev.State;

/// <summary>The synthetic single node (contract §11.1).</summary>
internal sealed record NodeRecord(
    string Id,
    string Name,
    string Address,
    string Datacenter,
    ImmutableSortedDictionary<string, string> TaggedAddresses,
    ImmutableSortedDictionary<string, string> Meta,
    ulong CreateIndex,
    ulong ModifyIndex);
