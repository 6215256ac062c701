using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Audit;

/// <summary>The real vmmesh against the real vmmesh-policy-server --dev: a change shows up in vmmesh audit.</summary>
[Collection(PolicyServerCollection.Name)]
public sealed class AuditEndToEndTests(PolicyServerProcess server)
{
    [Fact]
    public async Task Audit_AfterIntentionChange_ShowsIt()
    {
        Assert.Equal(0, (await server.VmmeshAsync("intention", "allow", "e2e-audit-src", "e2e-audited")).ExitCode);

        var run = await server.VmmeshAsync("audit", "--since", "1h", "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Contains(json.RootElement.EnumerateArray(), e => e.GetProperty("target").GetString() == "e2e-audited" && e.GetProperty("actor").GetString() == "admin");

        var table = await server.VmmeshAsync("audit");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(table.Stdout.Split('\n'), l => l.Contains("e2e-audited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotate_ThenRoots_ShowsTwoRootsAndCommandsKeepWorking()
    {
        var rotate = await server.VmmeshAsync("ca", "rotate", "-o", "json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        using (var json = JsonDocument.Parse(rotate.Stdout))
        {
            Assert.True(json.RootElement.GetProperty("roots").GetArrayLength() >= 2, rotate.Stdout);
        }

        // The server rewrites ca.pem after a rotation; later tests in this collection use it, so wait for it here.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        CliRun roots;
        while (true)
        {
            var pem = await File.ReadAllTextAsync(server.CaFile);
            roots = await server.VmmeshAsync(["ca", "roots"], admin: false);
            if ((roots.ExitCode == 0 && pem.Split("BEGIN CERTIFICATE").Length >= 3) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(roots.ExitCode == 0, roots.ToString());
        Assert.True(roots.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3, roots.Stdout);

        var audit = await server.VmmeshAsync("audit", "-o", "json");
        using var entries = JsonDocument.Parse(audit.Stdout);
        Assert.Contains(entries.RootElement.EnumerateArray(), e => e.GetProperty("action").GetString()!.StartsWith("ca.rotate", StringComparison.Ordinal));
    }
}
