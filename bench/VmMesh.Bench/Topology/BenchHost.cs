using VmMesh.Testing;

namespace VmMesh.Bench.Topology;

/// <summary>
/// One simulated host: a network namespace with its own address on the bench bridge and its own loopback.
/// Processes run inside it through <c>ip netns exec</c>, which execs the command, so a started process's id is the
/// command's own (what the RSS sampler reads).
/// </summary>
internal sealed class BenchHost
{
    private static readonly string[] CurlDefaults = ["-sS", "--max-time", "10", "-w", "\n%{http_code}"];

    public BenchHost(string name, string address)
    {
        Name = name;
        Address = address;
    }

    public string Name { get; }

    /// <summary>The address other hosts reach this one on.</summary>
    public string Address { get; }

    /// <summary>Starts a long-running process here; the caller disposes it (which kills it if still running).</summary>
    public ChildProcess Start(string fileName, IEnumerable<string> args) =>
        ChildProcess.Start("ip", new[] { "netns", "exec", Name, fileName }.Concat(args));

    /// <summary>Runs a short command here to completion.</summary>
    public Task<HostCommandResult> RunAsync(string fileName, params string[] args) =>
        IpCommand.RunFileAsync("ip", new[] { "netns", "exec", Name, fileName }.Concat(args));

    /// <summary>curl run here; the status code is appended as the last line ("000" when there was no HTTP answer).</summary>
    public Task<HostCommandResult> CurlAsync(params string[] args) =>
        RunAsync("curl", [.. CurlDefaults, .. args]);
}
