using System.Collections.Immutable;

namespace VmMesh.Consul.Dev.State;

/// <summary>One registered service instance on the synthetic node (immutable; replaced whole on change).</summary>
internal sealed record ServiceRecord
{
    public string Kind { get; init; } = string.Empty;

    public required string Id { get; init; }

    public required string Name { get; init; }

    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>Null when registered without Meta (health output then shows "Meta": null).</summary>
    public ImmutableSortedDictionary<string, string>? Meta { get; init; }

    public int Port { get; init; }

    public string Address { get; init; } = string.Empty;

    public string SocketPath { get; init; } = string.Empty;

    public ImmutableSortedDictionary<string, TaggedAddress> TaggedAddresses { get; init; } = ImmutableSortedDictionary<string, TaggedAddress>.Empty;

    public ServiceWeights Weights { get; init; } = new(1, 1);

    public bool EnableTagOverride { get; init; }

    public ProxyRecord? Proxy { get; init; }

    public bool ConnectNative { get; init; }

    /// <summary>ID of the service whose Connect.SidecarService created this one (deregistered with it).</summary>
    public string? SidecarParentId { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    public bool IsConnectProxy => Kind == "connect-proxy";
}
