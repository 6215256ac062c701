using System.Globalization;
using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Ansible;

/// <summary>
/// A throwaway Debian host for Ansible: a <see cref="DebianRoot"/> booted by <c>systemd-nspawn --boot</c>, so systemd
/// is PID 1 and units really run (Type=notify, hardening, restarts). It shares the test machine's network, so loopback
/// servers on either side are reachable from the other. Ansible reaches it with the community.docker.nsenter
/// connection (nsenter into PID 1's namespaces). Dispose powers it off (SIGTERM to nspawn), then kills what is left.
/// </summary>
public sealed class NspawnTarget : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly ChildProcess _nspawn;

    private NspawnTarget(ChildProcess nspawn, int pid1)
    {
        _nspawn = nspawn;
        Pid1 = pid1;
    }

    /// <summary>The container's systemd, as the test machine numbers it (ansible_nsenter_pid).</summary>
    public int Pid1 { get; }

    /// <summary>Boots <paramref name="root"/> and waits until its systemd has finished starting up.</summary>
    public static async Task<NspawnTarget> BootAsync(DebianRoot root, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(root);
        // --register=no --keep-unit: no machined and no D-Bus needed on the test machine; --console=read-only: the boot
        // log goes to our stdout (for failure reports) and nothing waits for a terminal.
        var machine = $"vmmesh-ansible-{Guid.NewGuid():N}"[..27];
        var nspawn = ChildProcess.Start(
            "systemd-nspawn",
            ["--boot", "--register=no", "--keep-unit", "--console=read-only", "--directory", root.Path, $"--machine={machine}"],
            new Dictionary<string, string> { ["SYSTEMD_LOG_COLOR"] = "0" });
        NspawnTarget? target = null;
        try
        {
            var pid1 = await Eventually.UntilAsync(
                () => Task.FromResult(FindDescendant(nspawn.Id, "systemd")),
                pid => pid > 0,
                timeout,
                "systemd-nspawn has started the container's systemd");
            target = new NspawnTarget(nspawn, pid1);
            // Until systemd has opened its private socket systemctl cannot connect at all; then it says "starting".
            var booted = target;
            await Eventually.UntilAsync(
                () => booted.ExecAsync(["systemctl", "is-system-running"], CommandTimeout),
                state => state.Stdout.Trim() is "running" or "degraded",
                timeout,
                "the target's systemd has finished booting");

            return target;
        }
        catch
        {
            if (target is not null)
            {
                await target.DisposeAsync();
            }
            else
            {
                await nspawn.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/> inside the container (all of PID 1's namespaces but the user one).</summary>
    public Task<CommandResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout) =>
        HostCommand.RunAsync(
            "nsenter",
            ["--target", Pid1.ToString(CultureInfo.InvariantCulture), "--mount", "--uts", "--ipc", "--net", "--pid", "--", .. command],
            timeout,
            new Dictionary<string, string> { ["SYSTEMD_COLORS"] = "0", ["LC_ALL"] = "C" });

    public async ValueTask DisposeAsync()
    {
        // SIGTERM makes nspawn ask the container's systemd to power off; what does not stop in time is killed.
        try
        {
            await _nspawn.SignalAsync("TERM");
            await _nspawn.WaitForExitAsync(TimeSpan.FromSeconds(90));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await HostCommand.RunAsync("kill", ["-KILL", Pid1.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        }

        await _nspawn.DisposeAsync();
    }

    /// <summary>The first process below <paramref name="ancestor"/> (breadth first) whose command name is <paramref name="comm"/>, or 0.</summary>
    private static int FindDescendant(int ancestor, string comm)
    {
        var queue = new Queue<int>([ancestor]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in Children(pid))
            {
                if (ReadOrEmpty($"/proc/{child}/comm").Trim() == comm)
                {
                    return child;
                }

                queue.Enqueue(child);
            }
        }

        return 0;
    }

    private static IEnumerable<int> Children(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .SelectMany(t => ReadOrEmpty(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return []; // the process ended while we looked
        }
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty; // the process ended while we looked
        }
    }
}
