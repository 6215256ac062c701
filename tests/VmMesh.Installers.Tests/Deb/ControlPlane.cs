using System.Globalization;
using System.Text.Json.Nodes;
using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// What the installed daemons need around them, run on the host's loopback from artifacts/publish (the Debian root
/// shares the host's network), and the admin's configuration steps from README.Debian applied inside the root.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _dataDir = new();
    private readonly List<ChildProcess> _processes = [];

    private ControlPlane()
    {
    }

    public int PolicyServerPort { get; } = FreePort.Next();

    /// <summary>The dev Consul inside the host's dev policy server (the sidecar registers there).</summary>
    public int PolicyConsulPort { get; } = FreePort.Next();

    /// <summary>A separate dev Consul for a policy server installed in the root (its own CA and KEK).</summary>
    public int SpareConsulPort { get; } = FreePort.Next();

    public string CaFile => Path.Combine(_dataDir.Path, "ca.pem");

    public string AdminTokenFile => Path.Combine(_dataDir.Path, "admin-token");

    /// <summary>Starts <c>vmmesh-policy-server --dev</c> and <c>vmmesh dev consul</c> and waits until both listen.</summary>
    public static async Task<ControlPlane> StartAsync()
    {
        var plane = new ControlPlane();
        try
        {
            var policyServer = plane.Track(ChildProcess.Start(
                Path.Combine(PackageArtifacts.PublishDir("linux-x64", "vmmesh-policy-server"), "vmmesh-policy-server"),
                ["--dev", "--data-dir", plane._dataDir.Path, "--listen", $"https://127.0.0.1:{plane.PolicyServerPort}", "--dev-consul-port", Text(plane.PolicyConsulPort)]));
            var consul = plane.Track(ChildProcess.Start(
                Path.Combine(PackageArtifacts.PublishDir("linux-x64", "vmmesh"), "vmmesh"),
                ["dev", "consul", "--port", Text(plane.SpareConsulPort)]));
            await policyServer.WaitForOutputAsync("vmmesh-policy-server listening on", StartTimeout);
            await consul.WaitForOutputAsync("Dev Consul listening on", StartTimeout);
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// README.Debian of vmmesh-sidecar: the trust bundle, a join token made with the installed CLI (readable by the
    /// vmmesh group only), and the values in sidecar.json; the listener ports are moved off the defaults, which may be
    /// taken on a shared test machine.
    /// </summary>
    public async Task ConfigureSidecarAsync(DebianRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        File.Copy(CaFile, root.HostPath("/etc/vmmesh/ca.pem"));
        File.Copy(AdminTokenFile, root.HostPath("/root/admin-token"));
        var token = (await root.RunAsync(
            ["vmmesh", "token", "create", "--service", "web", "--server", $"https://127.0.0.1:{PolicyServerPort}", "--ca-file", "/etc/vmmesh/ca.pem", "--token-file", "/root/admin-token"],
            CommandTimeout)).EnsureSuccess("vmmesh token create").Stdout.Trim();
        (await root.ShellAsync($"install -m 0640 -g vmmesh /dev/null /etc/vmmesh/join-token && printf '%s\\n' '{token}' > /etc/vmmesh/join-token", CommandTimeout))
            .EnsureSuccess("writing the join token");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json")))!;
        config["service"]!["name"] = "web";
        config["service"]!["port"] = FreePort.Next();
        config["policyServer"]!["address"] = $"https://127.0.0.1:{PolicyServerPort}";
        config["inbound"]!["port"] = FreePort.Next();
        config["inbound"]!["bindAddress"] = "127.0.0.1";
        config["outbound"]!["port"] = FreePort.Next();
        config["admin"]!["port"] = FreePort.Next();
        config["consul"]!["address"] = $"http://127.0.0.1:{PolicyConsulPort}";
        await File.WriteAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json"), config.ToJsonString());
    }

    /// <summary>README.Debian of vmmesh-policy-server: the KEK exactly as documented, then the Consul address (and a free API port).</summary>
    public async Task ConfigurePolicyServerAsync(DebianRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        (await root.ShellAsync("(umask 077; head -c 32 /dev/urandom > /etc/vmmesh/kek) && chown vmmesh:vmmesh /etc/vmmesh/kek", CommandTimeout)).EnsureSuccess("creating the KEK");
        var conf = await File.ReadAllTextAsync(root.HostPath("/etc/vmmesh/policy-server.conf"));
        var edited = conf
            .Replace("--listen https://0.0.0.0:8443", $"--listen https://127.0.0.1:{FreePort.Next()}", StringComparison.Ordinal)
            .Replace("--consul http://127.0.0.1:8500", $"--consul http://127.0.0.1:{SpareConsulPort}", StringComparison.Ordinal);
        if (edited == conf)
        {
            throw new InvalidOperationException($"policy-server.conf no longer has the default --listen and --consul switches:\n{conf}");
        }

        await File.WriteAllTextAsync(root.HostPath("/etc/vmmesh/policy-server.conf"), edited);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _dataDir.Dispose();
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
