namespace VmMesh.Bench.Topology;

/// <summary>What a short command printed and how it exited.</summary>
internal sealed record HostCommandResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}; stdout: {Stdout.Trim()}; stderr: {Stderr.Trim()}";
}
