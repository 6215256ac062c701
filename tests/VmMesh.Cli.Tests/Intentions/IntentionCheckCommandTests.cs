using System.Net;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Intentions;

/// <summary>check: the decision and the deciding rule; exit 0 allow, 1 deny, 2+ errors.</summary>
public sealed class IntentionCheckCommandTests
{
    [Fact]
    public async Task Check_Allowed_ExitsZeroAndPrintsRule()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/intentions/check", HttpStatusCode.OK, """{"allowed":true,"reason":"allowed by intention web -> api (precedence 9): L4 allow","rule":{"destination":"api","source":"web","precedence":9,"permissionIndex":null},"explanation":"web -> api: allow\n"}""");

        var run = await cli.RunAsync("intention", "check", "web", "api");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "allow\nweb -> api: allow\nrule:   web -> api (precedence 9)\n",
            run.Stdout);
        Assert.Equal("""{"source":"web","destination":"api","method":null,"path":null,"headers":null}""", Assert.Single(cli.Server.Requests).Body);
    }

    [Fact]
    public async Task Check_ExplanationNamesRule_IsPrintedOnce()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/intentions/check", HttpStatusCode.OK, """{"allowed":true,"reason":"r","rule":{"destination":"api","source":"web","precedence":9,"permissionIndex":0},"explanation":"ALLOWED  web -> api  GET /x\nrule     web -> api (precedence 9), permissions[0]\n"}""");

        var run = await cli.RunAsync("intention", "check", "web", "api", "--method", "GET", "--path", "/x");

        Assert.Equal((0, "allow\nALLOWED  web -> api  GET /x\nrule     web -> api (precedence 9), permissions[0]\n"), (run.ExitCode, run.Stdout));
    }

    [Fact]
    public async Task Check_DeniedByDefault_ExitsOne()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/intentions/check", HttpStatusCode.OK, """{"allowed":false,"reason":"denied: no intention matches","rule":null,"explanation":""}""");

        var run = await cli.RunAsync("intention", "check", "web", "db");

        Assert.Equal((1, "deny\nrule:   none (mesh default action)\nreason: denied: no intention matches\n"), (run.ExitCode, run.Stdout));
    }

    [Fact]
    public async Task Check_L7Request_SendsMethodPathAndHeaders()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/intentions/check", HttpStatusCode.OK, """{"allowed":false,"reason":"denied by permission","rule":{"destination":"api","source":"web","precedence":9,"permissionIndex":1},"explanation":"x"}""");

        var run = await cli.RunAsync("intention", "check", "web", "api", "--method", "post", "--path", "/admin", "--header", "x-tenant=blue", "--header", "x-tenant=green", "--header", "x-a=b=c", "-o", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            """{"source":"web","destination":"api","method":"POST","path":"/admin","headers":{"x-tenant":"blue,green","x-a":"b=c"}}""",
            Assert.Single(cli.Server.Requests).Body);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("rule").GetProperty("permissionIndex").GetInt32());
    }

    [Theory]
    [InlineData("--header", "novalue", "--header 'novalue' is not NAME=VALUE; write e.g. --header x-tenant=blue.")]
    [InlineData("--header", "=v", "--header '=v' is not NAME=VALUE; write e.g. --header x-tenant=blue.")]
    [InlineData("--path", "admin", "--path 'admin' must start with '/'.")]
    public async Task Check_BadSwitch_ExitsUsage(string option, string value, string message)
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("intention", "check", "web", "api", option, value);

        Assert.Equal((2, $"vmmesh: {message}\n"), (run.ExitCode, run.Stderr));
    }

    [Fact]
    public async Task Check_UnexpectedFailure_ExitsFourNotOne()
    {
        using var cli = new CliHarness();
        // No route: the fake server throws a plain exception, which must not read as "denied".
        var run = await cli.RunAsync("intention", "check", "web", "api");

        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith("vmmesh: unexpected failure (InvalidOperationException): unexpected request POST /v1/intentions/check", run.Stderr, StringComparison.Ordinal);
    }
}
