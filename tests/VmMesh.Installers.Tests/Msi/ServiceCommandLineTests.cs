using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>
/// The command line each MSI registers for its service, with the files the MSI installs, is accepted by the real
/// executable: the Linux build of the same code stands in for the Windows one, with [CommonAppDataFolder] pointing at a
/// temporary folder. A config the service rejects would make StartServices, and with it the whole install, fail.
/// </summary>
public sealed class ServiceCommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SidecarCommandLine_WithInstalledExampleConfig_PassesValidationAndReachesStartUp()
    {
        var programData = Directory.CreateTempSubdirectory("vmmesh-programdata-");
        try
        {
            var args = await InstalledCommandLineAsync(MsiProduct.Sidecar, programData.FullName);

            // The example's policy server name does not resolve here; a closed local port fails just as fast.
            await using var sidecar = ChildProcess.StartDotnet(
                RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar"),
                [.. args, "--policyServer:address", "https://127.0.0.1:1"]);
            var stderr = await Eventually.UntilAsync(
                () => Task.FromResult((sidecar.HasExited, sidecar.Stderr)),
                s => s.HasExited || s.Stderr.Contains("Cannot fetch the trust bundle", StringComparison.Ordinal),
                Timeout,
                "the sidecar exits or reports that it cannot reach the policy server");

            Assert.DoesNotContain("configuration error", stderr.Stderr, StringComparison.Ordinal);
            Assert.Contains("Cannot fetch the trust bundle from https://127.0.0.1:1/ to check policyServer.caFingerprint", stderr.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            programData.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PolicyServerCommandLine_WithInstalledSwitchesFile_ParsesWithDataDirAndKekFile()
    {
        var programData = Directory.CreateTempSubdirectory("vmmesh-programdata-");
        try
        {
            var args = await InstalledCommandLineAsync(MsiProduct.PolicyServer, programData.FullName);

            // One deliberately bad switch stops it before start-up; the output must name that one and nothing else
            // (no unknown token from the response file, no missing --kek-file).
            await using var server = ChildProcess.StartDotnet(
                RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"),
                [.. args, "--session-ttl", "0s"]);
            var exitCode = await server.WaitForExitAsync(Timeout);

            Assert.Equal(2, exitCode);
            Assert.Equal(
                "vmmesh-policy-server: --session-ttl 0s is below 1s; use 10s or more with a real Consul (default 15s)\n"
                + "Run 'vmmesh-policy-server --help' for usage.",
                server.Stderr);
        }
        finally
        {
            programData.Delete(recursive: true);
        }
    }

    // Installs the product's config file under programData\VmMesh and returns the ServiceInstall arguments as the
    // service would receive them, with Windows paths mapped into programData.
    private static async Task<IReadOnlyList<string>> InstalledCommandLineAsync(MsiProduct product, string programData)
    {
        var msi = await product.OpenAsync();
        var arguments = (await msi.TableAsync("ServiceInstall")).Single("Name", product.Name)["Arguments"];
        Directory.CreateDirectory(Path.Combine(programData, "VmMesh"));
        File.Copy(product.ConfigSource, Path.Combine(programData, "VmMesh", product.ConfigFileName));
        var local = arguments.Replace("[CommonAppDataFolder]", programData + "\\", StringComparison.Ordinal).Replace('\\', '/');
        return SplitCommandLine(local);
    }

    // Windows command-line splitting for what the MSI writes: spaces separate arguments except inside double quotes.
    private static List<string> SplitCommandLine(string commandLine)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var started = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                started = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (started)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    started = false;
                }
            }
            else
            {
                current.Append(c);
                started = true;
            }
        }

        Assert.False(quoted, $"Unbalanced quotes in the service arguments: {commandLine}");
        if (started)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
