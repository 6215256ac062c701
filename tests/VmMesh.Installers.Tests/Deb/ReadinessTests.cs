using System.Globalization;
using System.Text.Json.Nodes;
using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// The installed daemons started in a fresh Debian root the way their units start them (ExecStart, User, WorkingDirectory,
/// UMask, EnvironmentFile), with the installed configuration adjusted only where an admin must, as PID 1 of their own
/// PID namespace with NOTIFY_SOCKET (a containerised systemd service): each reports READY=1, and on SIGTERM (systemctl
/// stop) STOPPING=1 and exit 0. The control plane they need runs on the host's loopback from artifacts/publish.
/// </summary>
public sealed class ReadinessTests
{
    private const string NotifyPath = "/run/vmmesh-test-notify.sock";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Sidecar_InstalledAndConfiguredAsReadmeSays_ReportsReadyAndStopsCleanly()
    {
        using var dataDir = new TempDirectory();
        var policyPort = FreePort.Next();
        var consulPort = FreePort.Next();
        await using var policyServer = ChildProcess.Start(
            Path.Combine(PackageArtifacts.PublishDir("linux-x64", "vmmesh-policy-server"), "vmmesh-policy-server"),
            ["--dev", "--data-dir", dataDir.Path, "--listen", $"https://127.0.0.1:{policyPort}", "--dev-consul-port", consulPort.ToString(CultureInfo.InvariantCulture)]);
        await policyServer.WaitForOutputAsync("vmmesh-policy-server listening on", StartTimeout);
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.Cli, Debs.Sidecar);

        // README.Debian's steps: the trust bundle, a join token from the installed CLI (group-readable by vmmesh only), the values.
        File.Copy(Path.Combine(dataDir.Path, "ca.pem"), root.HostPath("/etc/vmmesh/ca.pem"));
        File.Copy(Path.Combine(dataDir.Path, "admin-token"), root.HostPath("/root/admin-token"));
        var token = (await root.RunAsync(
            ["vmmesh", "token", "create", "--service", "web", "--server", $"https://127.0.0.1:{policyPort}", "--ca-file", "/etc/vmmesh/ca.pem", "--token-file", "/root/admin-token"],
            CommandTimeout)).EnsureSuccess("vmmesh token create").Stdout.Trim();
        (await root.ShellAsync($"install -m 0640 -g vmmesh /dev/null /etc/vmmesh/join-token && printf '%s\\n' '{token}' > /etc/vmmesh/join-token", CommandTimeout)).EnsureSuccess("writing the join token");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json")))!;
        config["service"]!["name"] = "web";
        config["service"]!["port"] = FreePort.Next();
        config["policyServer"]!["address"] = $"https://127.0.0.1:{policyPort}";
        // The defaults (15443, 15001, 15000, Consul on 8500) may be taken on a shared test machine.
        config["inbound"]!["port"] = FreePort.Next();
        config["inbound"]!["bindAddress"] = "127.0.0.1";
        config["outbound"]!["port"] = FreePort.Next();
        config["admin"]!["port"] = FreePort.Next();
        config["consul"]!["address"] = $"http://127.0.0.1:{consulPort}";
        await File.WriteAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json"), config.ToJsonString());

        var (exitCode, notifications) = await RunUntilReadyThenStopAsync(root, "vmmesh-sidecar.service");

        Assert.Equal(0, exitCode);
        Assert.Contains("STOPPING=1", notifications);
        var state = await root.ShellAsync("find /var/lib/vmmesh/sidecar -type f -perm 0600 -user vmmesh | wc -l", CommandTimeout);
        Assert.NotEqual("0", state.EnsureSuccess("find").Stdout.Trim());
    }

    [Fact]
    public async Task PolicyServer_InstalledAndConfiguredAsReadmeSays_ReportsReadyAndStopsCleanly()
    {
        var consulPort = FreePort.Next();
        await using var consul = ChildProcess.Start(
            Path.Combine(PackageArtifacts.PublishDir("linux-x64", "vmmesh"), "vmmesh"),
            ["dev", "consul", "--port", consulPort.ToString(CultureInfo.InvariantCulture)]);
        await consul.WaitForOutputAsync("Dev Consul listening on", StartTimeout);
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.PolicyServer);

        // README.Debian's steps: the KEK exactly as documented, then the Consul address (and a free port for the API).
        (await root.ShellAsync("(umask 077; head -c 32 /dev/urandom > /etc/vmmesh/kek) && chown vmmesh:vmmesh /etc/vmmesh/kek", CommandTimeout)).EnsureSuccess("creating the KEK");
        var conf = await File.ReadAllTextAsync(root.HostPath("/etc/vmmesh/policy-server.conf"));
        var edited = conf
            .Replace("--listen https://0.0.0.0:8443", $"--listen https://127.0.0.1:{FreePort.Next()}", StringComparison.Ordinal)
            .Replace("--consul http://127.0.0.1:8500", $"--consul http://127.0.0.1:{consulPort}", StringComparison.Ordinal);
        Assert.NotEqual(conf, edited);
        await File.WriteAllTextAsync(root.HostPath("/etc/vmmesh/policy-server.conf"), edited);

        var (exitCode, notifications) = await RunUntilReadyThenStopAsync(root, "vmmesh-policy-server.service");

        Assert.Equal(0, exitCode);
        Assert.Contains("STOPPING=1", notifications);
        var adminToken = await root.RunAsync(["stat", "-c", "%a %U", "/var/lib/vmmesh/policy-server/admin-token"], CommandTimeout);
        Assert.Equal("600 vmmesh\n", adminToken.EnsureSuccess("stat admin-token").Stdout);
    }

    private static async Task<(int ExitCode, IReadOnlyCollection<string> Notifications)> RunUntilReadyThenStopAsync(DebianRoot root, string unit)
    {
        var command = UnitCommand.FromUnitFile(await File.ReadAllTextAsync(root.HostPath($"/usr/lib/systemd/system/{unit}")));
        using var notify = new NotifySocket(root.HostPath(NotifyPath));
        await using var daemon = root.Start(["/bin/sh", "-ec", command], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = NotifyPath });

        await notify.WaitForAsync("READY=1", StartTimeout, () => $"{unit} stdout:\n{daemon.Stdout}\nstderr:\n{daemon.Stderr}");
        await SignalPid1Async(daemon, "TERM");
        var exitCode = await daemon.WaitForExitAsync(StartTimeout);
        await notify.WaitForAsync("STOPPING=1", StartTimeout, () => $"{unit} exited {exitCode}; stderr:\n{daemon.Stderr}");
        return (exitCode, notify.Lines);
    }

    /// <summary>Signals the daemon (PID 1 of its namespace, the only child of unshare) as systemctl stop would.</summary>
    private static async Task SignalPid1Async(ChildProcess unshare, string signal)
    {
        var children = (await File.ReadAllTextAsync($"/proc/{unshare.Id}/task/{unshare.Id}/children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(children);
        (await HostCommand.RunAsync("kill", [$"-{signal}", children[0]], CommandTimeout)).EnsureSuccess($"kill -{signal}");
    }
}
