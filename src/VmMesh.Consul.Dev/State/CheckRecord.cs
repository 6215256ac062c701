using System.Collections.Immutable;

namespace VmMesh.Consul.Dev.State;

/// <summary>A health check on the node (node-level when <see cref="ServiceId"/> is empty).</summary>
internal sealed record CheckRecord
{
    public required string CheckId { get; init; }

    public required string Name { get; init; }

    public string Status { get; init; } = CheckStatus.Critical;

    public string Notes { get; init; } = string.Empty;

    public string Output { get; init; } = string.Empty;

    public string ServiceId { get; init; } = string.Empty;

    public string ServiceName { get; init; } = string.Empty;

    public ImmutableArray<string> ServiceTags { get; init; } = [];

    public string Type { get; init; } = string.Empty;

    public CheckSpec? Spec { get; init; }

    /// <summary>When the check last turned critical (for the DeregisterCriticalServiceAfter reaper).</summary>
    public DateTimeOffset? CriticalSince { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    public bool IsTtl => Spec?.Type == "ttl";
}
