namespace VmMesh.Consul.Agent;

/// <summary>What a <see cref="TtlHeartbeat"/> reports on one beat: the check status and its output (shown in the UI).</summary>
public sealed record HeartbeatReport(CheckStatus Status, string? Output);
