using System.Net;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Intentions;

/// <summary>list / get: tables and JSON.</summary>
public sealed class IntentionReadCommandTests
{
    private static List<string> Rows(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();

    [Fact]
    public async Task List_Table_OneRowPerSourceSorted()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/intentions", HttpStatusCode.OK, """{"version":7,"defaultAction":"deny","documents":[{"destination":"web","sources":[{"name":"lb","action":"allow","description":"edge [lb]"}]},{"destination":"api","sources":[{"name":"web","action":"allow"},{"name":"*","permissions":[{"action":"allow","http":{"pathPrefix":"/"}},{"action":"deny","http":{"pathExact":"/admin"}}]}]}]}""");

        var run = await cli.RunAsync("intention", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["SOURCE DESTINATION ACTION DESCRIPTION", "* api L7 (2 permissions)", "web api allow", "lb web allow edge [lb]"],
            Rows(run.Stdout));
        Assert.Equal("Intentions version 7; mesh default action: deny.\n", run.Stderr);
    }

    [Fact]
    public async Task List_Json_IsTheApiShape()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/intentions", HttpStatusCode.OK, """{"version":2,"defaultAction":"deny","documents":[]}""");

        var run = await cli.RunAsync("intention", "list", "-o", "json");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("deny", json.RootElement.GetProperty("defaultAction").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Get_L7Document_ShowsEachPermission()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/intentions/api", HttpStatusCode.OK, """{"version":7,"document":{"destination":"api","sources":[{"name":"web","action":"deny"},{"name":"*","permissions":[{"action":"allow","http":{"pathPrefix":"/public","methods":["GET"]}}]}]}}""");

        var run = await cli.RunAsync("intention", "get", "api");

        Assert.Equal(0, run.ExitCode);
        var rows = Rows(run.Stdout);
        Assert.Equal("SOURCE RULE ACTION MATCH", rows[0]);
        Assert.Equal("web L4 deny any connection", rows[1]);
        Assert.StartsWith("* permissions[0] allow ", rows[2], StringComparison.Ordinal);
        Assert.Contains("/public", rows[2], StringComparison.Ordinal);
        Assert.Equal("Intentions for api, version 7.\n", run.Stderr);
    }

    [Fact]
    public async Task Get_Missing_ExitsRefusedWithHint()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/intentions/api", HttpStatusCode.NotFound, """{"error":"no intentions for api"}""");

        var run = await cli.RunAsync("intention", "get", "api");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("vmmesh: there are no intentions for api; create them with 'vmmesh intention allow SOURCE api' or 'vmmesh intention apply -f FILE'\n", run.Stderr);
    }

    [Fact]
    public async Task Get_Json_IsDocumentWithVersion()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/intentions/api", HttpStatusCode.OK, """{"version":7,"document":{"destination":"api","sources":[{"name":"web","action":"allow"}]}}""");

        var run = await cli.RunAsync("intention", "get", "api", "-o", "json");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("web", json.RootElement.GetProperty("document").GetProperty("sources")[0].GetProperty("name").GetString());
    }
}
