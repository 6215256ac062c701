using System.Collections.Immutable;

namespace VmMesh.Consul.Dev.State;

/// <summary>A session (contract §8); <see cref="NodeChecks"/> null means the JSON shows null.</summary>
internal sealed record SessionRecord
{
    public required string Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public required string Node { get; init; }

    public TimeSpan LockDelay { get; init; }

    public string Behavior { get; init; } = "release";

    /// <summary>The TTL text as given ("" for none).</summary>
    public string Ttl { get; init; } = string.Empty;

    public TimeSpan TtlValue { get; init; }

    public ImmutableArray<string>? NodeChecks { get; init; }

    public ImmutableArray<string>? ServiceChecks { get; init; }

    public ImmutableArray<string>? LegacyChecks { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    public IEnumerable<string> AllCheckIds => (NodeChecks ?? []).Concat(ServiceChecks ?? []).Concat(LegacyChecks ?? []);
}
