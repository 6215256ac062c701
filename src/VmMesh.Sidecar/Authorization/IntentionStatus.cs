namespace VmMesh.Sidecar.Authorization;

/// <summary>What <c>/config</c> shows about intentions: the active version and the last shard refused, and why.</summary>
internal sealed record IntentionStatus(long? ActiveVersion, string? LastRejection, DateTimeOffset? LastRejectionAt);
