using System.Net;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Intentions;

/// <summary>allow / deny / delete: read the destination's document, change one source, write back with CAS, retry on 409.</summary>
public sealed class IntentionEditCommandTests
{
    private const string ApiDocument = """{"version":7,"document":{"destination":"api","sources":[{"name":"web","action":"deny"},{"name":"*","permissions":[{"action":"allow","http":{"pathPrefix":"/public"}}]}]}}""";

    [Fact]
    public async Task Allow_NoDocumentYet_CreatesItWithCasZero()
    {
        using var cli = new CliHarness();
        cli.Server
            .On("GET /v1/intentions/api", HttpStatusCode.NotFound, """{"error":"no intentions for api"}""")
            .On("PUT /v1/intentions/api?cas=0", HttpStatusCode.OK, """{"version":1}""");

        var run = await cli.RunAsync("intention", "allow", "web", "api");

        Assert.Equal((0, "Intention web -> api: allow (version 1).\n"), (run.ExitCode, run.Stdout));
        Assert.Equal("""{"destination":"api","sources":[{"action":"allow","name":"web"}]}""", cli.Server.Requests.Last().Body);
    }

    [Fact]
    public async Task Allow_ExistingSource_ChangesOnlyThatSource()
    {
        using var cli = new CliHarness();
        cli.Server
            .On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument)
            .On("PUT /v1/intentions/api?cas=7", HttpStatusCode.OK, """{"version":8}""");

        var run = await cli.RunAsync("intention", "allow", "web", "api");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """{"destination":"api","sources":[{"name":"*","permissions":[{"action":"allow","http":{"pathPrefix":"/public"}}]},{"action":"allow","name":"web"}]}""",
            cli.Server.Requests.Last().Body);
    }

    [Fact]
    public async Task Deny_SourceWithL7Permissions_ReplacesThemAndSaysSo()
    {
        using var cli = new CliHarness();
        cli.Server
            .On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument)
            .On("PUT /v1/intentions/api?cas=7", HttpStatusCode.OK, """{"version":8}""");

        var run = await cli.RunAsync("intention", "deny", "*", "api", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Replaced 1 L7 permission(s) of * -> api.\n", run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(("*", "api", "deny", 8), (json.RootElement.GetProperty("source").GetString(), json.RootElement.GetProperty("destination").GetString(), json.RootElement.GetProperty("result").GetString(), json.RootElement.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Allow_CasConflict_RereadsAndRetries()
    {
        using var cli = new CliHarness();
        cli.Server
            .On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument)
            .On("PUT /v1/intentions/api?cas=7", HttpStatusCode.Conflict, """{"error":"version 7 is stale"}""")
            .On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument.Replace("\"version\":7", "\"version\":9", StringComparison.Ordinal))
            .On("PUT /v1/intentions/api?cas=9", HttpStatusCode.OK, """{"version":10}""");

        var run = await cli.RunAsync("intention", "allow", "web", "api");

        Assert.Equal((0, "Intention web -> api: allow (version 10).\n"), (run.ExitCode, run.Stdout));
        Assert.Equal(4, cli.Server.Requests.Count);
    }

    [Fact]
    public async Task Allow_ConflictEveryTime_GivesUpAfterBoundedAttempts()
    {
        using var cli = new CliHarness();
        for (var i = 0; i < 5; i++)
        {
            cli.Server
                .On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument)
                .On("PUT /v1/intentions/api?cas=7", HttpStatusCode.Conflict, """{"error":"stale"}""");
        }

        var run = await cli.RunAsync("intention", "allow", "web", "api");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("vmmesh: the intentions for api changed under this command 5 times in a row; run it again\n", run.Stderr);
        Assert.Equal(10, cli.Server.Requests.Count);
    }

    [Fact]
    public async Task Delete_OneOfTwoSources_WritesTheRest()
    {
        using var cli = new CliHarness();
        cli.Server
            .On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument)
            .On("PUT /v1/intentions/api?cas=7", HttpStatusCode.OK, """{"version":8}""");

        var run = await cli.RunAsync("intention", "delete", "web", "api");

        Assert.Equal((0, "Intention web -> api: deleted (version 8).\n"), (run.ExitCode, run.Stdout));
        Assert.Equal("""{"destination":"api","sources":[{"name":"*","permissions":[{"action":"allow","http":{"pathPrefix":"/public"}}]}]}""", cli.Server.Requests.Last().Body);
    }

    [Fact]
    public async Task Delete_LastSource_DeletesTheDocumentWithCas()
    {
        using var cli = new CliHarness();
        cli.Server
            .On("GET /v1/intentions/api", HttpStatusCode.OK, """{"version":3,"document":{"destination":"api","sources":[{"name":"web","action":"allow"}]}}""")
            .On("DELETE /v1/intentions/api?cas=3", HttpStatusCode.OK, """{"version":4}""");

        var run = await cli.RunAsync("intention", "delete", "web", "api");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Delete_NoSuchIntention_ExitsRefused()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/intentions/api", HttpStatusCode.OK, ApiDocument);

        var run = await cli.RunAsync("intention", "delete", "billing", "api");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("vmmesh: there is no intention billing -> api, so there is nothing to delete; see 'vmmesh intention get api'\n", run.Stderr);
    }

    [Theory]
    [InlineData("Web", "api", "SOURCE 'Web' is not a service name;")]
    [InlineData("web", "api_v2", "DESTINATION 'api_v2' is not a service name;")]
    public async Task Allow_BadName_ExitsUsageWithoutCallingServer(string source, string destination, string message)
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("intention", "allow", source, destination);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"vmmesh: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Server.Requests);
    }
}
