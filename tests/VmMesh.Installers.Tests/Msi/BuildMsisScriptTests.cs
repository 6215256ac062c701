using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>installers/msi/build-msis.ps1 refuses bad input before running wixl, with a message that names the fix.</summary>
public sealed class BuildMsisScriptTests
{
    [Theory]
    [InlineData("1.0.0-beta")]
    [InlineData("256.0.0")]
    [InlineData("1.0")]
    public async Task BuildScript_VersionNotAnMsiVersion_ThrowsNamingTheRule(string version)
    {
        var (exitCode, message) = await RunAsync(PublishRoot(), Path.GetTempPath(), version);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"build-msis.ps1: -Version '{version}' is not an MSI product version; use major.minor.build with numbers only (major and minor up to 255, build up to 65535), such as 0.1.0.",
            message);
    }

    [Fact]
    public async Task BuildScript_PublishRootMissing_ThrowsNamingThePublishStep()
    {
        var missing = Path.Combine(Path.GetTempPath(), "vmmesh-no-such-publish-" + Guid.NewGuid().ToString("N"));

        var (exitCode, message) = await RunAsync(missing, Path.GetTempPath(), "0.1.0");

        Assert.Equal(1, exitCode);
        Assert.Equal($"build-msis.ps1: -PublishRoot {missing} does not exist; publish win-x64 first (dotnet pwsh ./build.ps1 package).", message);
    }

    [Fact]
    public async Task BuildScript_PublishWithoutServiceExe_ThrowsNamingTheMissingFile()
    {
        var root = Directory.CreateTempSubdirectory("vmmesh-msi-publish-");
        var output = Directory.CreateTempSubdirectory("vmmesh-msi-out-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "vmmesh-sidecar"));
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "vmmesh-sidecar", "other.dll"), "x");

            var (exitCode, message) = await RunAsync(root.FullName, output.FullName, "0.1.0");

            Assert.Equal(1, exitCode);
            Assert.Equal(
                $"build-msis.ps1: {Path.Combine(root.FullName, "vmmesh-sidecar")} has no vmmesh-sidecar.exe; publish it first (dotnet pwsh ./build.ps1 package publishes win-x64).",
                message);
            Assert.Empty(output.EnumerateFiles());
        }
        finally
        {
            root.Delete(recursive: true);
            output.Delete(recursive: true);
        }
    }

    private static string PublishRoot() => Path.Combine(RepoPaths.Root, "artifacts", "publish", "win-x64");

    // The script's exception message alone: pwsh's own error view wraps and colours it.
    private static async Task<(int ExitCode, string Message)> RunAsync(string publishRoot, string outputDir, string version)
    {
        var script = Path.Combine(RepoPaths.Root, "installers", "msi", "build-msis.ps1");
        var command = $"try {{ & '{script}' -PublishRoot '{publishRoot}' -OutputDir '{outputDir}' -Version '{version}'; exit 0 }} "
            + "catch { [Console]::Error.WriteLine($_.Exception.Message); exit 1 }";
        var (exitCode, _, stderr) = await MsiTool.RunRawAsync("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-Command", command], RepoPaths.Root);
        return (exitCode, stderr.Trim());
    }
}
