using System.Net;
using VmMesh.Cli.Audit;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Audit;

/// <summary>vmmesh audit in-process against a fake policy server.</summary>
public sealed class AuditCommandTests
{
    private const string Entries = """[{"id":"01","time":"2026-11-26T11:00:00Z","actor":"admin","action":"intention.put","target":"api","before":null,"after":{"destination":"api"}}]""";

    [Fact]
    public async Task Audit_Table_ListsEntries()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/audit", HttpStatusCode.OK, Entries);

        var run = await cli.RunAsync("audit");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["TIME ACTOR ACTION TARGET", "2026-11-26 11:00:00Z admin intention.put api"], lines);
    }

    [Fact]
    public async Task Audit_SinceAge_IsCountedBackFromNow()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/audit?since=2026-11-26T10%3A30%3A00Z&limit=5", HttpStatusCode.OK, "[]");

        var run = await cli.RunAsync("audit", "--since", "90m", "--limit", "5");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Audit_SinceTime_IsPassedAsUtc()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/audit?since=2026-11-26T08%3A00%3A00Z", HttpStatusCode.OK, "[]");

        var run = await cli.RunAsync("audit", "--since", "2026-11-26T10:00:00+02:00", "-o", "json");

        Assert.Equal((0, "[]\n"), (run.ExitCode, run.Stdout));
    }

    [Theory]
    [InlineData("--since", "yesterday", "--since 'yesterday' is neither an RFC 3339 time nor a duration; use e.g. 2026-11-26T10:00:00Z or 24h.")]
    [InlineData("--limit", "0", "--limit 0 must be at least 1.")]
    public async Task Audit_BadArguments_ExitUsage(string option, string value, string message)
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("audit", option, value);

        Assert.Equal((2, $"vmmesh: {message}\n"), (run.ExitCode, run.Stderr));
    }

    [Theory]
    [InlineData("24h", "2026-11-25T12:00:00.0000000+00:00")]
    [InlineData("2026-11-20T00:00:00Z", "2026-11-20T00:00:00.0000000+00:00")]
    public void ParseSince_Forms_Resolve(string text, string expected)
    {
        Assert.Equal(expected, AuditCommand.ParseSince(text, CliHarness.Now)?.ToString("O"));
    }
}
