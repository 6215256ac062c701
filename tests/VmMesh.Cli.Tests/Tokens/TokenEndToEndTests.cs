using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Tokens;

/// <summary>The real vmmesh against the real vmmesh-policy-server --dev: token create, list, revoke.</summary>
[Collection(PolicyServerCollection.Name)]
public sealed class TokenEndToEndTests(PolicyServerProcess server)
{
    [Fact]
    public async Task Token_CreateListRevoke_RoundTrip()
    {
        var created = await server.VmmeshAsync("token", "create", "--service", "e2e-web", "--service", "e2e-api", "--ttl", "2h", "--max-uses", "3", "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        string id;
        using (var json = JsonDocument.Parse(created.Stdout))
        {
            id = json.RootElement.GetProperty("id").GetString()!;
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("token").GetString()));
            Assert.True(json.RootElement.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(100));
        }

        var list = await server.VmmeshAsync("token", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var row = Assert.Single(list.Stdout.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal([id, "e2e-web,e2e-api", "3/3"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));

        var revoke = await server.VmmeshAsync("token", "revoke", id);
        Assert.Equal((0, $"Revoked join token {id}."), (revoke.ExitCode, revoke.Stdout));

        var again = await server.VmmeshAsync("token", "revoke", id);
        Assert.Equal(5, again.ExitCode);
        Assert.StartsWith($"vmmesh: the policy server refused DELETE /v1/tokens/{id} (404 Not Found): ", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_CreateTable_PrintsOnlyTheSecretOnStdout()
    {
        var created = await server.VmmeshAsync("token", "create", "--service", "e2e-plain");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.DoesNotContain('\n', created.Stdout);
        Assert.StartsWith("Created join token tok_", created.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WrongAdminToken_ExitsRefusedWithoutEchoingIt()
    {
        var run = await server.VmmeshAsync(["token", "list"], admin: false, new Dictionary<string, string> { ["VMMESH_ADMIN_TOKEN"] = "wrong-token-value-123" });

        Assert.Equal(5, run.ExitCode);
        Assert.StartsWith("vmmesh: the policy server refused GET /v1/tokens (401 Unauthorized): ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-value-123", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }
}
