using System.Text.Json.Nodes;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Mesh;

/// <summary>
/// A sidecar with a valid configuration but no policy server to reach, and nothing cached, cannot get an identity:
/// it exits with 3 (start-up failure, so systemd's Restart=on-failure or the Windows service recovery tries again)
/// and says why, instead of crashing or hanging.
/// </summary>
public sealed class UnreachablePolicyServerTests
{
    [Fact]
    public async Task Sidecar_PolicyServerUnreachableAndNothingCached_ExitsThreeNamingTheCause()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vmmesh-e2e-nops-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var closedPort = FreePort.Next(); // free a moment ago: nothing listens there
            var tokenFile = Path.Combine(dir, "join-token");
            await File.WriteAllTextAsync(tokenFile, "vmj_unused");
            var config = new JsonObject
            {
                ["service"] = new JsonObject { ["name"] = "web", ["port"] = FreePort.Next() },
                ["inbound"] = new JsonObject { ["port"] = FreePort.Next() },
                ["outbound"] = new JsonObject { ["port"] = FreePort.Next() },
                ["admin"] = new JsonObject { ["port"] = FreePort.Next() },
                ["consul"] = new JsonObject { ["address"] = $"http://127.0.0.1:{FreePort.Next()}" },
                ["policyServer"] = new JsonObject
                {
                    ["address"] = $"https://127.0.0.1:{closedPort}",
                    ["caFingerprint"] = "sha256:" + new string('a', 64),
                    ["joinTokenFile"] = tokenFile,
                },
                ["dataDir"] = Path.Combine(dir, "data"),
            };
            var configFile = Path.Combine(dir, "sidecar.json");
            await File.WriteAllTextAsync(configFile, config.ToJsonString());

            await using var sidecar = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar"), ["--config", configFile]);
            var exitCode = await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(180));

            Assert.True(exitCode == 3, $"exit code {exitCode}; stderr:\n{sidecar.Stderr}");
            var output = sidecar.Stdout + sidecar.Stderr;
            Assert.Contains(
                $"Start-up failed, nothing serves: Cannot fetch the trust bundle from https://127.0.0.1:{closedPort}/ to check policyServer.caFingerprint",
                output,
                StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // one line with the cause, no stack trace
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
