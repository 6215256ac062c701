using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Intentions;

/// <summary>The real vmmesh against the real vmmesh-policy-server --dev: allow, deny, list, get, apply, check, delete.</summary>
[Collection(PolicyServerCollection.Name)]
public sealed class IntentionEndToEndTests(PolicyServerProcess server)
{
    [Fact]
    public async Task Intention_AllowDenyCheck_ExitCodesFollowDecision()
    {
        Assert.Equal(0, (await server.VmmeshAsync("intention", "allow", "e2e-web", "e2e-orders")).ExitCode);
        Assert.Equal(0, (await server.VmmeshAsync("intention", "deny", "*", "e2e-orders")).ExitCode);

        var allowed = await server.VmmeshAsync("intention", "check", "e2e-web", "e2e-orders");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.StartsWith("allow\n", allowed.Stdout, StringComparison.Ordinal);
        Assert.Contains("e2e-web -> e2e-orders (precedence 9)", allowed.Stdout, StringComparison.Ordinal);

        var denied = await server.VmmeshAsync("intention", "check", "e2e-batch", "e2e-orders");
        Assert.True(denied.ExitCode == 1, denied.ToString());
        Assert.StartsWith("deny\n", denied.Stdout, StringComparison.Ordinal);
        Assert.Contains("* -> e2e-orders (precedence 8)", denied.Stdout, StringComparison.Ordinal);

        var list = await server.VmmeshAsync("intention", "list", "-o", "json");
        using (var json = JsonDocument.Parse(list.Stdout))
        {
            var document = json.RootElement.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "e2e-orders");
            Assert.Equal(2, document.GetProperty("sources").GetArrayLength());
        }

        var get = await server.VmmeshAsync("intention", "get", "e2e-orders");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("e2e-web", get.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await server.VmmeshAsync("intention", "delete", "e2e-web", "e2e-orders")).ExitCode);
        Assert.Equal(1, (await server.VmmeshAsync("intention", "check", "e2e-web", "e2e-orders")).ExitCode);
        Assert.Equal(0, (await server.VmmeshAsync("intention", "delete", "*", "e2e-orders")).ExitCode);

        var gone = await server.VmmeshAsync("intention", "get", "e2e-orders");
        Assert.Equal(5, gone.ExitCode);
        Assert.Equal("vmmesh: there are no intentions for e2e-orders; create them with 'vmmesh intention allow SOURCE e2e-orders' or 'vmmesh intention apply -f FILE'", gone.Stderr);
    }

    [Fact]
    public async Task Intention_ApplyL7_CheckUsesPermissions()
    {
        var file = Path.Combine(server.DataDir, "e2e-api.json");
        await File.WriteAllTextAsync(file, """
            {"destination":"e2e-api","sources":[
              {"name":"e2e-web","permissions":[
                {"action":"allow","http":{"pathPrefix":"/public","methods":["GET"]}},
                {"action":"allow","http":{"pathExact":"/tenant","header":[{"name":"x-tenant","exact":"blue"}]}},
                {"action":"deny","http":{"pathPrefix":"/"}}]}]}
            """);

        var apply = await server.VmmeshAsync("intention", "apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.StartsWith("Applied intentions for e2e-api (1 source(s), version ", apply.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await server.VmmeshAsync("intention", "check", "e2e-web", "e2e-api", "--method", "GET", "--path", "/public/a")).ExitCode);
        Assert.Equal(1, (await server.VmmeshAsync("intention", "check", "e2e-web", "e2e-api", "--method", "POST", "--path", "/public/a")).ExitCode);
        Assert.Equal(0, (await server.VmmeshAsync("intention", "check", "e2e-web", "e2e-api", "--method", "GET", "--path", "/tenant", "--header", "x-tenant=blue")).ExitCode);

        var json = await server.VmmeshAsync("intention", "check", "e2e-web", "e2e-api", "--method", "GET", "--path", "/admin", "-o", "json");
        Assert.True(json.ExitCode == 1, json.ToString());
        using var decision = JsonDocument.Parse(json.Stdout);
        Assert.Equal(2, decision.RootElement.GetProperty("rule").GetProperty("permissionIndex").GetInt32());
    }

    [Fact]
    public async Task Intention_ApplyInvalid_PrintsEveryErrorAndChangesNothing()
    {
        var file = Path.Combine(server.DataDir, "e2e-bad.json");
        await File.WriteAllTextAsync(file, """{"destination":"e2e-bad","sources":[{"name":"a","action":"allow","extra":1},{"name":"a","permissions":[{"action":"allow","http":{"pathRegex":"("}}]}]}""");

        var apply = await server.VmmeshAsync("intention", "apply", "-f", file);

        Assert.Equal(2, apply.ExitCode);
        var lines = apply.Stderr.Split('\n');
        Assert.True(lines.Length >= 4, apply.Stderr);
        Assert.All(lines, l => Assert.StartsWith($"vmmesh: {file}", l, StringComparison.Ordinal));
        Assert.Equal(5, (await server.VmmeshAsync("intention", "get", "e2e-bad")).ExitCode);
    }
}
