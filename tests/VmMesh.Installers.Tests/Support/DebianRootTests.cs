namespace VmMesh.Installers.Tests.Support;

/// <summary>The throwaway root other installer tests build on: Debian 12 inside, PID 1 of its own namespace, nothing left behind.</summary>
public sealed class DebianRootTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunAsync_InFreshRoot_IsDebian12AsPid1WithProcAndDevMounted()
    {
        using var root = await DebianRoot.CreateAsync();

        var result = await root.ShellAsync(
            ". /etc/os-release; echo \"$VERSION_CODENAME $$\"; test -r /proc/self/status && echo proc; test -c /dev/null && echo dev; command -v deb-systemd-helper; command -v adduser",
            Timeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("bookworm 1\nproc\ndev\n/usr/bin/deb-systemd-helper\n/usr/sbin/adduser\n", result.Stdout);
    }

    [Fact]
    public async Task Dispose_AfterCommands_RemovesRootAndLeavesNoMount()
    {
        var root = await DebianRoot.CreateAsync();
        var path = root.Path;
        (await root.RunAsync(["/bin/true"], Timeout)).EnsureSuccess("true in the root");
        await File.WriteAllTextAsync(root.HostPath("/etc/vmmesh-test-marker"), "x");
        using var other = await DebianRoot.CreateAsync();

        root.Dispose();

        Assert.False(Directory.Exists(path), $"{path} still exists after dispose");
        Assert.DoesNotContain(path, await File.ReadAllTextAsync("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.False(File.Exists(other.HostPath("/etc/vmmesh-test-marker")), "a change in one root leaked into another copy");
    }

    [Fact]
    public async Task RunAsync_EnvironmentOfTestHost_DoesNotLeakIntoRoot()
    {
        using var root = await DebianRoot.CreateAsync();

        var result = await root.RunAsync(["/usr/bin/env"], Timeout, new Dictionary<string, string> { ["EXTRA"] = "1" });

        Assert.Equal(
            ["DEBIAN_FRONTEND=noninteractive", "EXTRA=1", "HOME=/root", "LANG=C.UTF-8", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("deb http://mirror.example/debian bookworm main\n", "http://mirror.example/debian")]
    [InlineData("# deb http://old.example/debian bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] http://a.example/debian bookworm main contrib\n", "http://a.example/debian")]
    [InlineData("deb http://security.example/debian-security bookworm-security main\n", null)]
    public void FromOneLine_SourcesList_FindsSuiteMirror(string text, string? expected) =>
        Assert.Equal(expected, DebianMirror.FromOneLine(text));

    [Theory]
    [InlineData("Types: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\n\nTypes: deb\n# a comment\nURIs: http://m.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n", "http://m.example/debian")]
    [InlineData("Types: deb-src\nURIs: http://src.example/debian\nSuites: bookworm\n", null)]
    [InlineData("Enabled: no\nTypes: deb\nURIs: http://off.example/debian\nSuites: bookworm\n", null)]
    public void FromDeb822_SourcesFile_FindsSuiteMirror(string text, string? expected) =>
        Assert.Equal(expected, DebianMirror.FromDeb822(text));
}
