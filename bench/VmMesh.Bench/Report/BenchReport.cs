using VmMesh.Bench.Memory;

namespace VmMesh.Bench.Report;

/// <summary>Everything one bench invocation measured: the machine, each sidecar's idle RSS, and every load profile.</summary>
internal sealed record BenchReport(
    string RunId,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    IReadOnlyList<ProcessUsage> Idle,
    IReadOnlyList<ProfileResult> Profiles);
