using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// One simulated host: a network namespace (<c>vmm-…</c>) with its own address on the test bridge and its own
/// loopback, or, where namespaces are unavailable, a distinct loopback address 127.0.0.x in the root namespace.
/// Processes started here run inside the namespace through <c>ip netns exec</c>; the owning
/// <see cref="TestNetwork"/> deletes the namespace, which also removes its end of the veth pair.
/// </summary>
internal sealed class NetworkNamespace
{
    public NetworkNamespace(string? name, string address)
    {
        Name = name;
        Address = address;
    }

    /// <summary>The namespace's name; null in loopback fallback mode.</summary>
    public string? Name { get; }

    /// <summary>The host's address other hosts reach it on.</summary>
    public string Address { get; }

    /// <summary>Starts a long-running process on this host; the caller disposes it (which kills it).</summary>
    public ChildProcess Start(string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var (file, all) = Wrap(fileName, args);
        return ChildProcess.Start(file, all, environment);
    }

    /// <summary>Starts <c>dotnet dll args…</c> on this host.</summary>
    public ChildProcess StartDotnet(string dll, IEnumerable<string> args) => Start("dotnet", new[] { dll }.Concat(args));

    /// <summary>Runs a short command on this host to completion (killed after <paramref name="timeout"/>).</summary>
    public async Task<CommandResult> RunAsync(TimeSpan timeout, string fileName, params string[] args)
    {
        await using var process = Start(fileName, args);
        var exitCode = await process.WaitForExitAsync(timeout);
        return new CommandResult(exitCode, process.Stdout, process.Stderr);
    }

    /// <summary>curl run on this host; <c>-w</c> appends the status code as the last line ("000" when no HTTP answer).</summary>
    public Task<CommandResult> CurlAsync(params string[] args) =>
        RunAsync(TimeSpan.FromSeconds(30), "curl", new[] { "-sS", "--max-time", "10", "-w", "\n%{http_code}" }.Concat(args).ToArray());

    private (string File, IEnumerable<string> Args) Wrap(string fileName, IEnumerable<string> args) =>
        Name is null ? (fileName, args) : ("ip", new[] { "netns", "exec", Name, fileName }.Concat(args));
}
