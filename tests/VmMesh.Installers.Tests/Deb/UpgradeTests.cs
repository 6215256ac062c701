using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// Installing the package over itself runs the upgrade path of the maintainer scripts (prerm upgrade, postinst
/// configure OLD-VERSION): the admin's conffile edits, the state and the admin's enable choice all survive.
/// </summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task Upgrade_OverEditedConfigAndDisabledUnit_KeepsEditsStateAndChoice()
    {
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.Sidecar);
        var edited = (await File.ReadAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json"))).Replace("\"name\": \"\"", "\"name\": \"web\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json"), edited);
        (await root.ShellAsync(
            "setpriv --reuid=vmmesh --regid=vmmesh --init-groups sh -c 'echo cached > /var/lib/vmmesh/sidecar/state-marker' && systemctl disable vmmesh-sidecar",
            Debs.DpkgTimeout)).EnsureSuccess("using and disabling the sidecar");

        var upgrade = await root.RunAsync(["dpkg", "-i", $"/tmp/debs/{Path.GetFileName(Debs.Path(Debs.Sidecar))}"], Debs.DpkgTimeout);

        Assert.Contains($"Unpacking vmmesh-sidecar ({PackageArtifacts.Version}) over ({PackageArtifacts.Version})", upgrade.EnsureSuccess("dpkg -i over itself").Stdout, StringComparison.Ordinal);
        Assert.Equal(edited, await File.ReadAllTextAsync(root.HostPath("/etc/vmmesh/sidecar.json")));
        Assert.Equal("cached\n", await File.ReadAllTextAsync(root.HostPath("/var/lib/vmmesh/sidecar/state-marker")));
        Assert.False(IsLink(root.HostPath("/etc/systemd/system/multi-user.target.wants/vmmesh-sidecar.service")), "the upgrade re-enabled a unit the admin had disabled");
        var status = await root.ShellAsync("stat -c '%a %U:%G' /var/lib/vmmesh/sidecar; dpkg-query -W -f='${Status}' vmmesh-sidecar", Debs.DpkgTimeout);
        Assert.Equal("750 vmmesh:vmmesh\ninstall ok installed", status.EnsureSuccess("status").Stdout);
    }

    [Fact]
    public async Task Upgrade_OfEnabledUnit_KeepsItEnabled()
    {
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.PolicyServer);

        await Debs.InstallAsync(root, Debs.PolicyServer);

        Assert.True(IsLink(root.HostPath("/etc/systemd/system/multi-user.target.wants/vmmesh-policy-server.service")), "the upgrade dropped the enable link");
    }

    // The enable link points at /lib/systemd/system inside the root, so it dangles when looked at from the host.
    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
