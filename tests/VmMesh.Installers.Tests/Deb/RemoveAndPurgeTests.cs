using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// dpkg --remove then --purge against a file list of the fresh root: remove keeps exactly the conffiles, the state and
/// deb-systemd-helper's record of the admin's enable choice (policy 10.7.3 and what dh_installsystemd does); purge
/// leaves nothing behind. The vmmesh user is kept on purge, as Debian does for system users.
/// </summary>
public sealed class RemoveAndPurgeTests
{
    // Everything but virtual file systems, scratch space and dpkg's own database and logs.
    private const string Snapshot =
        "find / -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp -o -path /var/lib/dpkg -o -path /var/log -o -path /var/cache/debconf \\) -prune -o -print | LC_ALL=C sort";

    public static IEnumerable<object[]> Kept =>
    [
        [Debs.Sidecar, new[] { "/etc/vmmesh", "/etc/vmmesh/sidecar.json", "/var/lib/vmmesh", "/var/lib/vmmesh/sidecar", "/var/lib/vmmesh/sidecar/state-marker" }],
        [Debs.PolicyServer, new[] { "/etc/vmmesh", "/etc/vmmesh/policy-server.conf", "/var/lib/vmmesh", "/var/lib/vmmesh/policy-server", "/var/lib/vmmesh/policy-server/state-marker" }],
        [Debs.Cli, Array.Empty<string>()],
    ];

    [Theory]
    [MemberData(nameof(Kept))]
    public async Task RemoveThenPurge_AfterUse_KeepOnlyWhatPolicyAllows(string package, string[] keptByRemove)
    {
        using var root = await DebianRoot.CreateAsync();
        var before = await SnapshotAsync(root);
        await Debs.InstallAsync(root, package);
        var state = package == Debs.Cli ? null : $"/var/lib/vmmesh/{package["vmmesh-".Length..]}";
        if (state is not null)
        {
            // What a running daemon would have cached (certificates, tokens); remove must keep it, purge must not.
            (await root.ShellAsync($"setpriv --reuid=vmmesh --regid=vmmesh --init-groups sh -c 'echo x > {state}/state-marker'", Debs.DpkgTimeout)).EnsureSuccess("writing state");
        }

        (await root.RunAsync(["dpkg", "--remove", package], Debs.DpkgTimeout)).EnsureSuccess($"dpkg --remove {package}");
        var afterRemove = await SnapshotAsync(root);
        (await root.RunAsync(["dpkg", "--purge", package], Debs.DpkgTimeout)).EnsureSuccess($"dpkg --purge {package}");
        var afterPurge = await SnapshotAsync(root);

        string[] enableRecord = state is null ? [] :
        [
            $"/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/{package}.service",
            $"/var/lib/systemd/deb-systemd-helper-enabled/{package}.service.dsh-also",
            $"/etc/systemd/system/multi-user.target.wants/{package}.service",
        ];
        Assert.Equal(keptByRemove.Concat(enableRecord).Order(StringComparer.Ordinal), afterRemove.Except(before).Order(StringComparer.Ordinal));
        Assert.Empty(afterPurge.Except(before));
        Assert.Empty(before.Except(afterPurge));
        var user = await root.RunAsync(["getent", "passwd", "vmmesh"], Debs.DpkgTimeout);
        Assert.Equal(state is null ? 2 : 0, user.ExitCode);
    }

    private static async Task<HashSet<string>> SnapshotAsync(DebianRoot root) =>
        (await root.ShellAsync(Snapshot, Debs.DpkgTimeout)).EnsureSuccess("file list").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
}
