using System.Net;
using VmMesh.Cli.Tests.Support;
using VmMesh.Policy.Validation;

namespace VmMesh.Cli.Tests.Intentions;

/// <summary>apply -f: local validation with every error printed, nothing sent when invalid; a full write otherwise.</summary>
public sealed class IntentionApplyCommandTests
{
    [Fact]
    public async Task Apply_ValidL7Document_PutsItWithoutCas()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("api.json", """
            {
              "destination": "api",
              "sources": [
                { "name": "web", "permissions": [
                    { "action": "allow", "http": { "pathPrefix": "/v1/", "methods": ["GET", "POST"] } },
                    { "action": "deny", "http": { "pathRegex": "/admin/.*", "header": [ { "name": "x-debug", "present": true } ] } } ] },
                { "name": "*", "action": "deny" }
              ]
            }
            """);
        cli.Server.On("PUT /v1/intentions/api", HttpStatusCode.OK, """{"version":12}""");

        var run = await cli.RunAsync("intention", "apply", "-f", file);

        Assert.Equal((0, "Applied intentions for api (2 source(s), version 12).\n"), (run.ExitCode, run.Stdout));
        var body = Assert.Single(cli.Server.Requests).Body!;
        Assert.Contains("\"pathRegex\":\"/admin/.*\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_InvalidDocument_PrintsEveryErrorAndSendsNothing()
    {
        using var cli = new CliHarness();
        const string text = """{"destination":"api","sources":[{"name":"web","action":"allow","color":"red"},{"name":"web","permissions":[{"action":"allow","http":{"pathRegex":"(unclosed"}}]}]}""";
        var file = cli.WriteFile("bad.json", text);
        var expected = IntentionDocumentParser.Parse(text).Errors;

        var run = await cli.RunAsync("intention", "apply", "-f", file);

        Assert.Equal(2, run.ExitCode);
        Assert.True(expected.Count >= 3, string.Join("\n", expected));
        Assert.Equal(
            string.Concat(expected.Select(e => $"vmmesh: {file}: {e}\n")) + $"vmmesh: {file} has {expected.Count} error(s); nothing was sent, fix them and run again\n",
            run.Stderr);
        Assert.Empty(run.Stdout);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact]
    public async Task Apply_NotJson_IsOneError()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("bad.json", "{ destination: api");

        var run = await cli.RunAsync("intention", "apply", "-f", file);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"vmmesh: {file}: intentions document: not valid JSON: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_MissingFile_ExitsUnavailable()
    {
        using var cli = new CliHarness();
        var file = Path.Combine(cli.Directory, "none.json");

        var run = await cli.RunAsync("intention", "apply", "-f", file);

        Assert.Equal((3, $"vmmesh: cannot read the intentions file {file} (not found); pass an existing file with -f\n"), (run.ExitCode, run.Stderr));
    }

    [Fact]
    public async Task Apply_NoFileSwitch_IsUsageError()
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("intention", "apply");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("vmmesh: Option '--file' is required.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ServerRejects_ExitsRefusedWithItsMessage()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("api.json", """{"destination":"api","sources":[{"name":"web","action":"allow"}]}""");
        cli.Server.On("PUT /v1/intentions/api", HttpStatusCode.BadRequest, """{"error":"intentions for \"api\": too large"}""");

        var run = await cli.RunAsync("intention", "apply", "-f", file);

        Assert.Equal((5, "vmmesh: the policy server refused PUT /v1/intentions/api (400 Bad Request): intentions for \"api\": too large\n"), (run.ExitCode, run.Stderr));
    }
}
