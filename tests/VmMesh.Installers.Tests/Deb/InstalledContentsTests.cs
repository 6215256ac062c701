using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>What dpkg -i of the three debs leaves in a fresh Debian 12 root: programs, user, state, conffiles, enabled units.</summary>
public sealed class InstalledContentsTests(InstalledRootFixture installed) : IClassFixture<InstalledRootFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private DebianRoot Root => installed.Root;

    [Theory]
    [MemberData(nameof(Debs.All), MemberType = typeof(Debs))]
    public async Task Package_Installed_IsConfiguredWithCommandLinkedIntoUsrBin(string package)
    {
        var program = Debs.Program(package);

        var result = await Root.ShellAsync(
            $"dpkg-query -W -f='${{Status}} ${{Version}}\\n' {package}; readlink /usr/bin/{program}; stat -c '%a %U:%G' /usr/lib/vmmesh/{program}/{program} /usr/lib/vmmesh/{program}/libcoreclr.so; " +
            $"find /usr/lib/vmmesh/{program} ! -user root -o ! -group root | wc -l",
            Timeout);

        Assert.Equal(
            $"install ok installed {PackageArtifacts.Version}\n../lib/vmmesh/{program}/{program}\n755 root:root\n644 root:root\n0\n",
            result.EnsureSuccess("dpkg-query").Stdout);
    }

    [Theory]
    [InlineData(Debs.PolicyServer, "/usr/bin/vmmesh-policy-server", "--version")]
    [InlineData(Debs.Cli, "/usr/bin/vmmesh", "--version")]
    public async Task Program_InMinimalDebianWithItsDepends_Runs(string package, string command, string argument)
    {
        var result = await Root.RunAsync([command, argument], Timeout);

        Assert.True(result.ExitCode == 0 && result.Stdout.StartsWith(PackageArtifacts.Version, StringComparison.Ordinal), $"{package}: {result}");
    }

    [Fact]
    public async Task Sidecar_WithShippedConfig_RefusesToStartListingWhatTheAdminMustSet()
    {
        var result = await Root.RunAsync(
            ["setpriv", "--reuid=vmmesh", "--regid=vmmesh", "--init-groups", "/usr/bin/vmmesh-sidecar", "--config", "/etc/vmmesh/sidecar.json"], Timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            """
            sidecar.json: service.name is invalid: Service name is empty; use lower-case letters, digits and '-', such as 'web'
            sidecar.json: service.port 0 is not a port; choose a port from 1 to 65535
            sidecar.json: policyServer.address '' is not an https:// URL with host and port only; write one such as https://127.0.0.1:8443
            sidecar.json: policyServer.caFile /etc/vmmesh/ca.pem does not exist; copy the mesh trust bundle (ca.pem from the policy server) there, or set policyServer.caFingerprint instead
            vmmesh-sidecar: 4 configuration error(s); nothing was started

            """,
            result.Stderr);
    }

    [Fact]
    public async Task SystemUser_AfterInstall_IsVmmeshWithoutLoginOrHome()
    {
        var result = await Root.ShellAsync("getent passwd vmmesh | cut -d: -f1,3,6,7; getent group vmmesh | cut -d: -f1,3; test -e /var/lib/vmmesh/.profile || echo no-skeleton", Timeout);

        var lines = result.EnsureSuccess("getent").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var user = lines[0].Split(':');
        Assert.Equal("vmmesh", user[0]);
        Assert.InRange(int.Parse(user[1], System.Globalization.CultureInfo.InvariantCulture), 100, 999);
        Assert.Equal(["/var/lib/vmmesh", "/usr/sbin/nologin"], user[2..]);
        Assert.StartsWith("vmmesh:", lines[1], StringComparison.Ordinal);
        Assert.Equal("no-skeleton", lines[2]);
    }

    [Fact]
    public async Task StateDirectories_AfterInstall_BelongToVmmeshWithMode0750()
    {
        var result = await Root.RunAsync(["stat", "-c", "%n %a %U:%G", "/var/lib/vmmesh", "/var/lib/vmmesh/sidecar", "/var/lib/vmmesh/policy-server", "/etc/vmmesh"], Timeout);

        Assert.Equal(
            "/var/lib/vmmesh 755 root:root\n/var/lib/vmmesh/sidecar 750 vmmesh:vmmesh\n/var/lib/vmmesh/policy-server 750 vmmesh:vmmesh\n/etc/vmmesh 755 root:root\n",
            result.EnsureSuccess("stat").Stdout);
    }

    [Theory]
    [InlineData(Debs.Sidecar, "sidecar.json")]
    [InlineData(Debs.PolicyServer, "policy-server.conf")]
    public async Task Conffile_AfterInstall_IsInPlaceAndRegistered(string package, string name)
    {
        var result = await Root.ShellAsync($"dpkg-query -W -f='${{Conffiles}}\\n' {package}; stat -c '%a %U:%G' /etc/vmmesh/{name}", Timeout);

        var lines = result.EnsureSuccess("dpkg-query").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Matches($"^/etc/vmmesh/{name.Replace(".", "\\.", StringComparison.Ordinal)} [0-9a-f]{{32}}$", lines[0]);
        Assert.Equal("644 root:root", lines[1]);
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(RepoPathsInstallers.DebDir, package, name)),
            await File.ReadAllTextAsync(Root.HostPath($"/etc/vmmesh/{name}")));
    }

    [Theory]
    [MemberData(nameof(Debs.Daemons), MemberType = typeof(Debs))]
    public async Task Unit_AfterInstall_IsEnabledForMultiUserTarget(string package)
    {
        var result = await Root.RunAsync(["readlink", $"/etc/systemd/system/multi-user.target.wants/{package}.service"], Timeout);

        // The root is merged-/usr, so /lib/systemd/system is /usr/lib/systemd/system.
        Assert.Equal($"/lib/systemd/system/{package}.service\n", result.EnsureSuccess("readlink").Stdout);
    }

    [Theory]
    [MemberData(nameof(Debs.All), MemberType = typeof(Debs))]
    public async Task Package_Installed_DependsOnWhatTheRuntimeLoads(string package)
    {
        var result = await Root.ShellAsync($"dpkg-query -W -f='${{Depends}}' {package}", Timeout);

        var depends = result.EnsureSuccess("dpkg-query").Stdout.Split(", ").Select(d => d.Split(' ')[0]).ToHashSet();
        string[] runtime = ["libc6", "libgcc-s1", "libstdc++6", "libssl3"];
        Assert.Empty(runtime.Except(depends));
        Assert.Equal(package != Debs.Cli, depends.Contains("adduser"));
    }
}
