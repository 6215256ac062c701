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
        await using var controlPlane = await ControlPlane.StartAsync();
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.Cli, Debs.Sidecar);
        await controlPlane.ConfigureSidecarAsync(root);

        var (exitCode, notifications) = await RunUntilReadyThenStopAsync(root, "vmmesh-sidecar.service");

        Assert.Equal(0, exitCode);
        Assert.Contains("STOPPING=1", notifications);
        var state = await root.ShellAsync("find /var/lib/vmmesh/sidecar -type f -perm 0600 -user vmmesh | wc -l", CommandTimeout);
        Assert.NotEqual("0", state.EnsureSuccess("find").Stdout.Trim());
    }

    [Fact]
    public async Task PolicyServer_InstalledAndConfiguredAsReadmeSays_ReportsReadyAndStopsCleanly()
    {
        await using var controlPlane = await ControlPlane.StartAsync();
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.PolicyServer);
        await controlPlane.ConfigurePolicyServerAsync(root);

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
