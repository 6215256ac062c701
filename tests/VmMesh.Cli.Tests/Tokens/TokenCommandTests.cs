using System.Net;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Tokens;

/// <summary>vmmesh token create|list|revoke in-process against a fake policy server.</summary>
public sealed class TokenCommandTests
{
    private const string Created = """{"id":"tok_1","token":"join-abc","services":["web","api"],"expiresAt":"2026-11-27T12:00:00Z","maxUses":2,"remainingUses":2,"createdAt":"2026-11-26T12:00:00Z"}""";

    [Fact]
    public async Task Create_Table_PrintsOnlyTheTokenOnStdout()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/tokens", HttpStatusCode.Created, Created);

        var run = await cli.RunAsync("token", "create", "--service", "web", "--service", "api", "--ttl", "24h", "--max-uses", "2");

        Assert.Equal((0, "join-abc\n"), (run.ExitCode, run.Stdout));
        Assert.Equal("Created join token tok_1 for web, api: 2 uses, expires 2026-11-27 12:00:00Z.\n", run.Stderr);
        Assert.Equal("""{"services":["web","api"],"ttl":"24h","maxUses":2}""", Assert.Single(cli.Server.Requests).Body);
    }

    [Fact]
    public async Task Create_Defaults_AreOneUseFor24Hours()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/tokens", HttpStatusCode.Created, Created);

        await cli.RunAsync("token", "create", "--service", "web");

        Assert.Equal("""{"services":["web"],"ttl":"24h","maxUses":1}""", Assert.Single(cli.Server.Requests).Body);
    }

    [Fact]
    public async Task Create_Json_GivesIdTokenAndExpiry()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/tokens", HttpStatusCode.Created, Created);

        var run = await cli.RunAsync("token", "create", "--service", "web", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("tok_1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("join-abc", json.RootElement.GetProperty("token").GetString());
        Assert.Equal("2026-11-27T12:00:00+00:00", json.RootElement.GetProperty("expiresAt").GetString());
        Assert.Empty(run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "token", "create" }, "Option '--service' is required.")]
    [InlineData(new[] { "token", "create", "--service", "Web" }, "--service 'Web' is not a service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit.")]
    [InlineData(new[] { "token", "create", "--service", "*" }, "--service '*' is not a service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit.")]
    [InlineData(new[] { "token", "create", "--service", "web", "--ttl", "tomorrow" }, "--ttl 'tomorrow' is not a positive duration; use e.g. 30m, 24h or 168h.")]
    [InlineData(new[] { "token", "create", "--service", "web", "--ttl", "0s" }, "--ttl '0s' is not a positive duration; use e.g. 30m, 24h or 168h.")]
    [InlineData(new[] { "token", "create", "--service", "web", "--max-uses", "0" }, "--max-uses 0 must be at least 1.")]
    [InlineData(new[] { "token", "revoke" }, "Required argument missing for command: 'revoke'.")]
    public async Task Create_BadArguments_ExitUsageWithMessage(string[] args, string message)
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"vmmesh: {message}\n", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact]
    public async Task List_Table_IsPlainWhenRedirected()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, """[{"id":"tok_1","services":["web","api"],"expiresAt":"2026-11-27T12:00:00Z","maxUses":2,"remainingUses":1,"createdAt":"2026-11-26T12:00:00Z"}]""");

        var run = await cli.RunAsync("token", "list");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["ID SERVICES USES LEFT EXPIRES CREATED", "tok_1 web,api 1/2 2026-11-27 12:00:00Z 2026-11-26 12:00:00Z"], lines);
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_IsTheApiShape()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, """[{"id":"tok_1","services":["web"],"expiresAt":"2026-11-27T12:00:00Z","maxUses":1,"remainingUses":1,"createdAt":"2026-11-26T12:00:00Z"}]""");

        var run = await cli.RunAsync("token", "list", "-o", "json");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("tok_1", json.RootElement[0].GetProperty("id").GetString());
        Assert.False(json.RootElement[0].TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Revoke_Id_DeletesAndConfirms()
    {
        using var cli = new CliHarness();
        cli.Server.On("DELETE /v1/tokens/tok_1", HttpStatusCode.NoContent);

        var run = await cli.RunAsync("token", "revoke", "tok_1");

        Assert.Equal((0, "Revoked join token tok_1.\n"), (run.ExitCode, run.Stdout));
    }

    [Fact]
    public async Task Revoke_Unknown_ExitsRefusedWithServerMessage()
    {
        using var cli = new CliHarness();
        cli.Server.On("DELETE /v1/tokens/tok_x", HttpStatusCode.NotFound, """{"error":"no join token tok_x"}""");

        var run = await cli.RunAsync("token", "revoke", "tok_x");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("vmmesh: the policy server refused DELETE /v1/tokens/tok_x (404 Not Found): no join token tok_x\n", run.Stderr);
    }
}
