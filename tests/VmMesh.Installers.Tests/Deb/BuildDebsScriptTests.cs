using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>installers/deb/build-debs.ps1 refuses bad input before building anything, with a message that names the fix.</summary>
public sealed class BuildDebsScriptTests
{
    [Theory]
    [InlineData("v1.0")]
    [InlineData("1.0_beta")]
    [InlineData("1:1.0")]
    public async Task BuildScript_VersionNotADebianVersion_ThrowsNamingTheRule(string version)
    {
        using var output = new TempDirectory();

        var (exitCode, message) = await RunAsync(Path.Combine(RepoPaths.Root, "artifacts", "publish", "linux-x64"), output.Path, version);

        Assert.Equal(1, exitCode);
        Assert.Equal($"build-debs.ps1: -Version '{version}' is not a Debian version; use digits, letters and . + ~ starting with a digit, such as 0.1.0.", message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task BuildScript_PublishWithoutProgram_ThrowsNamingThePublishStep()
    {
        using var publish = new TempDirectory();
        using var output = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(publish.Path, "vmmesh-sidecar"));

        var (exitCode, message) = await RunAsync(publish.Path, output.Path, "0.1.0");

        Assert.Equal(1, exitCode);
        Assert.Equal($"build-debs.ps1: {publish.Path}/vmmesh-sidecar/vmmesh-sidecar is missing; publish linux-x64 first (dotnet pwsh ./build.ps1 package does).", message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    // The script's exception message alone: pwsh's own error view wraps and colours it.
    private static async Task<(int ExitCode, string Message)> RunAsync(string publishRoot, string outputDir, string version)
    {
        var script = Path.Combine(RepoPathsInstallers.DebDir, "build-debs.ps1");
        var command = $"try {{ & '{script}' -PublishRoot '{publishRoot}' -OutputDir '{outputDir}' -Version '{version}'; exit 0 }} "
            + "catch { [Console]::Error.WriteLine($_.Exception.Message); exit 1 }";
        var result = await HostCommand.RunAsync("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-Command", command], TimeSpan.FromMinutes(3));
        return (result.ExitCode, result.Stderr.Trim());
    }
}
