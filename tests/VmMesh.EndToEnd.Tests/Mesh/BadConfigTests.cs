using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Mesh;

/// <summary>Issue 4: a bad config file makes the real executable list every error and exit non-zero, starting nothing.</summary>
public sealed class BadConfigTests
{
    [Fact]
    public async Task Sidecar_BadConfigFile_ExitsTwoListingEveryErrorAndStartsNothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vmmesh-e2e-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var config = Path.Combine(dir, "bad.json");
            await File.WriteAllTextAsync(config, """{ "service": { "name": "Web", "port": 8080 }, "admin": { "port": 8080 }, "inbound": { "prot": 1 }, "dataDir": "data" }""");

            await using var sidecar = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar"), ["--config", config]);
            var exitCode = await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, exitCode);
            Assert.Equal(string.Empty, sidecar.Stdout);
            Assert.Equal(
                [
                    "bad.json: service.name is invalid: Service name 'Web' has invalid character 'W'; use lower-case letters, digits and '-'",
                    "bad.json: inbound.prot is not a known key; remove it or use one of: port, bindAddress, advertiseAddress",
                    "bad.json: policyServer.address is missing; set the policy server's HTTPS URL, such as https://127.0.0.1:8443",
                    "bad.json: admin.port 8080 collides with service.port; choose another port",
                    "bad.json: policyServer has neither caFile nor caFingerprint; set caFile to the mesh trust bundle (ca.pem) or caFingerprint to the root's sha256 fingerprint",
                    "vmmesh-sidecar: 5 configuration error(s); nothing was started",
                ],
                sidecar.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            // A started sidecar would have created its data directory (relative to the config file) first.
            Assert.False(Directory.Exists(Path.Combine(dir, "data")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
