using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Support;

/// <summary>
/// A throwaway Debian 12 root for one test: an overlay whose lower layer is the cached tree of
/// <see cref="DebianRootImage"/> (read-only, shared) and whose upper layer is a temp directory of this test, so a fresh
/// copy costs nothing and every change dies with the test. <see cref="Path"/> is the merged tree; dispose unmounts it
/// and deletes the upper layer (overlays left by a crashed earlier test process are cleaned up at the next start).
/// Commands run inside with chroot, each in its own mount and PID namespace (unshare): /proc, /dev and /sys are mounted
/// inside that private mount namespace only, so they vanish with the command and no such mount is ever left on the
/// host, and the command is PID 1 of its namespace, which is how a containerised systemd service looks
/// (Microsoft.Extensions.Hosting.Systemd sends READY=1 when it is PID 1 and NOTIFY_SOCKET is set). The root shares
/// the host's network, so loopback servers on the host are reachable from inside.
/// </summary>
public sealed class DebianRoot : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> DefaultEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["HOME"] = "/root",
        ["LANG"] = "C.UTF-8",
        ["DEBIAN_FRONTEND"] = "noninteractive",
    };

    // Mounts in the new private mount namespace, then chroot; `exec` keeps the command as PID 1 of the new PID namespace.
    private const string EnterScript =
        """
        set -e
        root="$1"; shift
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t sysfs sysfs "$root/sys"
        exec chroot "$root" "$@"
        """;

    // systemd as PID 1 of the namespace (a container, as systemd-nspawn would run it): it needs the cgroup tree of the
    // host's /sys, and its own /run and /tmp. It is first moved into a cgroup of its own (named after the root), so the
    // cgroups it makes stay below that one and Dispose can remove them all.
    private const string BootScript =
        """
        set -e
        root="$1"; cgroup="$2"; shift 2
        for hierarchy in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
            if [ -d "$hierarchy" ]; then mkdir -p "$hierarchy/$cgroup"; echo $$ > "$hierarchy/$cgroup/cgroup.procs"; fi
        done
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount --rbind /sys "$root/sys"
        mount -t tmpfs tmpfs "$root/run"
        mount -t tmpfs tmpfs "$root/tmp"
        exec chroot "$root" /usr/bin/env -i container=vmmesh-test PATH=/usr/sbin:/usr/bin:/sbin:/bin /lib/systemd/systemd --system --log-target=console
        """;

    private int _disposed;

    private static readonly Lazy<Task> StaleCleanup = new(CleanUpStaleAsync);

    private readonly string _directory;

    private DebianRoot(string directory)
    {
        _directory = directory;
        Path = System.IO.Path.Combine(directory, "root");
    }

    /// <summary>The root directory (the merged overlay) on the host.</summary>
    public string Path { get; }

    /// <summary>A fresh root with <see cref="DebianRootImage.BasePackages"/> and <paramref name="extraPackages"/> installed.</summary>
    public static async Task<DebianRoot> CreateAsync(params string[] extraPackages)
    {
        await StaleCleanup.Value;
        var lower = await DebianRootImage.GetTreeAsync(extraPackages);
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var root = new DebianRoot(directory);
        try
        {
            foreach (var layer in new[] { "upper", "work", "root" })
            {
                Directory.CreateDirectory(System.IO.Path.Combine(directory, layer));
            }

            (await HostCommand.RunAsync(
                "mount",
                ["-t", "overlay", "overlay", "-o", $"lowerdir={lower},upperdir={directory}/upper,workdir={directory}/work", root.Path],
                TimeSpan.FromMinutes(1))).EnsureSuccess($"mounting the overlay root {root.Path} (needs root and overlayfs)");
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>The host path of <paramref name="pathInRoot"/> (an absolute path as seen inside the root).</summary>
    public string HostPath(string pathInRoot)
    {
        ArgumentNullException.ThrowIfNull(pathInRoot);
        return System.IO.Path.Combine(Path, pathInRoot.TrimStart('/'));
    }

    /// <summary>Runs <paramref name="command"/> inside the root to completion (environment: <see cref="DefaultEnvironment"/> plus <paramref name="environment"/>).</summary>
    public Task<CommandResult> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        HostCommand.RunAsync("unshare", EnterArguments(command, environment), timeout, HostEnvironment());

    /// <summary>Runs a shell script inside the root with /bin/sh -c.</summary>
    public Task<CommandResult> ShellAsync(string script, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(["/bin/sh", "-ec", script], timeout, environment);

    /// <summary>Starts a long-running <paramref name="command"/> inside the root as PID 1 of its own PID namespace; dispose it to kill it.</summary>
    public ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Start("unshare", EnterArguments(command, environment), HostEnvironment());

    /// <summary>
    /// Boots systemd inside the root as PID 1 of its own PID, mount and UTS namespaces (a container), so units run
    /// exactly as on a host: sandboxing, User=, Type=notify. It runs until a unit in the root powers it off, or until
    /// the returned process is disposed. /run and /tmp of the root are fresh tmpfs mounts.
    /// </summary>
    public ChildProcess Boot()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return ChildProcess.Start(
            "unshare",
            ["--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--uts", "--", "/bin/sh", "-c", BootScript, "boot-root", Path, CgroupName],
            HostEnvironment());
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RemoveAsync(_directory).GetAwaiter().GetResult();
        RemoveCgroupsAsync().GetAwaiter().GetResult();
    }

    private string CgroupName => System.IO.Path.GetFileName(_directory);

    /// <summary>The cgroups a booted systemd left (empty once it has powered off or been killed); rmdir removes only empty ones.</summary>
    private async Task RemoveCgroupsAsync()
    {
        foreach (var hierarchy in new[] { "/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified" })
        {
            var cgroup = System.IO.Path.Combine(hierarchy, CgroupName);
            if (Directory.Exists(cgroup))
            {
                await HostCommand.RunAsync("find", [cgroup, "-depth", "-type", "d", "-exec", "rmdir", "{}", ";"], TimeSpan.FromMinutes(1));
            }
        }
    }

    private List<string> EnterArguments(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var env = DefaultEnvironment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        // --kill-child: killing unshare (a timeout, a dispose) kills the command too; env -i: nothing of the test host's
        // environment (DOTNET_*, the test runner's variables) leaks into the root.
        return
        [
            "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--",
            "/bin/sh", "-c", EnterScript, "enter-root", Path,
            "/usr/bin/env", "-i", .. env.Select(e => $"{e.Key}={e.Value}"), .. command,
        ];
    }

    private const string DirectoryPrefix = "vmmesh-debroot-";

    private static async Task RemoveAsync(string directory)
    {
        var merged = System.IO.Path.Combine(directory, "root");
        if (IsMountPoint(merged))
        {
            // A plain unmount fails while a leaked process still uses the root; lazy detaches it anyway.
            var unmount = await HostCommand.RunAsync("umount", [merged], TimeSpan.FromMinutes(1));
            if (unmount.ExitCode != 0)
            {
                (await HostCommand.RunAsync("umount", ["--lazy", merged], TimeSpan.FromMinutes(1))).EnsureSuccess($"unmounting {merged}");
            }
        }

        // --one-file-system: should anything still be mounted below, rm does not descend into it.
        await HostCommand.RunAsync("rm", ["-rf", "--one-file-system", directory], TimeSpan.FromMinutes(5));
    }

    private static bool IsMountPoint(string path) =>
        File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } fields && fields[4] == path);

    /// <summary>Roots of test processes that died before disposing them (their pid is in the directory name).</summary>
    private static async Task CleanUpStaleAsync()
    {
        foreach (var directory in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var name = System.IO.Path.GetFileName(directory)[DirectoryPrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                await RemoveAsync(directory);
            }
        }
    }

    private static Dictionary<string, string> HostEnvironment() => new(StringComparer.Ordinal) { ["LC_ALL"] = "C" };
}
