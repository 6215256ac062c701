using System.Net;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Common;

/// <summary>--server, --ca-file, --token-file and -o: precedence, defaults and failures with their exit codes.</summary>
public sealed class CommonOptionsTests
{
    private const string Health = "[]";

    [Fact]
    public async Task Server_NothingGiven_DefaultsToLocalPolicyServer()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, Health);

        var run = await cli.RunAsync("token", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new Uri("https://127.0.0.1:8443"), cli.LastOptions!.ServerAddress);
    }

    [Fact]
    public async Task Server_EnvironmentThenSwitch_SwitchWins()
    {
        using var cli = new CliHarness();
        cli.Variables["VMMESH_SERVER"] = "https://env.example:9443";
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, Health).On("GET /v1/tokens", HttpStatusCode.OK, Health);

        await cli.RunAsync("token", "list");
        Assert.Equal(new Uri("https://env.example:9443"), cli.LastOptions!.ServerAddress);

        await cli.RunAsync("token", "list", "--server", "https://flag.example:7443");
        Assert.Equal(new Uri("https://flag.example:7443"), cli.LastOptions!.ServerAddress);
    }

    [Fact]
    public async Task Server_SwitchBeforeSubcommand_IsAccepted()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, Health);

        var run = await cli.RunAsync("token", "--server", "https://before.example:8443", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new Uri("https://before.example:8443"), cli.LastOptions!.ServerAddress);
    }

    [Fact]
    public async Task Server_PlainHttp_IsUsageError()
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("token", "list", "--server", "http://127.0.0.1:8443");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("vmmesh: --server 'http://127.0.0.1:8443' is not an https:// URL; pass e.g. --server https://127.0.0.1:8443 or set VMMESH_SERVER\n", run.Stderr);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact]
    public async Task CaFile_Missing_ExitsUnavailableNamingFileAndFix()
    {
        using var cli = new CliHarness();
        cli.Variables.Remove("VMMESH_CA_FILE");

        var run = await cli.RunAsync("ca", "roots");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("vmmesh: cannot read the trust bundle /etc/vmmesh/ca.pem (not found); pass --ca-file or set VMMESH_CA_FILE\n", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task CaFile_SwitchBeatsEnvironment()
    {
        using var cli = new CliHarness();
        var missing = Path.Combine(cli.Directory, "nope.pem");

        var run = await cli.RunAsync("ca", "roots", "--ca-file", missing);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"vmmesh: cannot read the trust bundle {missing} (not found); pass --ca-file or set VMMESH_CA_FILE\n", run.Stderr);
    }

    [Fact]
    public async Task CaFile_NotPem_ExitsUnavailable()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("ca.pem", "hello");

        var run = await cli.RunAsync("ca", "roots", "--ca-file", file);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"vmmesh: the trust bundle {file} is not usable: it holds no CERTIFICATE blocks; pass the ca.pem the policy server wrote with --ca-file or set VMMESH_CA_FILE\n", run.Stderr);
    }

    [Fact]
    public async Task Trust_FromCaFile_ExpectsPolicyServerSpiffeId()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, Health);

        await cli.RunAsync("token", "list");

        Assert.Equal("spiffe://mesh.test/vmmesh/policy-server", cli.LastOptions!.ExpectedServerId!.ToString());
    }

    [Fact]
    public async Task AdminToken_Missing_IsUsageErrorAndNothingIsSent()
    {
        using var cli = new CliHarness();
        cli.Variables.Remove("VMMESH_ADMIN_TOKEN");

        var run = await cli.RunAsync("token", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("vmmesh: this command needs the admin token; pass --token-file FILE (the policy server's --dev mode writes <data-dir>/admin-token) or set VMMESH_ADMIN_TOKEN\n", run.Stderr);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact]
    public async Task AdminToken_FromFile_IsTrimmedAndSentAsBearer()
    {
        using var cli = new CliHarness();
        cli.Variables.Remove("VMMESH_ADMIN_TOKEN");
        var file = cli.WriteFile("admin-token", "from-file-token\n");
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, Health);

        var run = await cli.RunAsync("token", "list", "--token-file", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Bearer from-file-token", Assert.Single(cli.Server.Requests).Authorization);
    }

    [Fact]
    public async Task AdminToken_FileMissing_ExitsUnavailable()
    {
        using var cli = new CliHarness();
        var file = Path.Combine(cli.Directory, "admin-token");

        var run = await cli.RunAsync("token", "list", "--token-file", file);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"vmmesh: cannot read the admin token file {file} (not found); pass the file the policy server wrote (<data-dir>/admin-token) with --token-file, or set VMMESH_ADMIN_TOKEN\n", run.Stderr);
    }

    [Fact]
    public async Task AdminToken_Rejected_ExitsRefusedWithoutPrintingIt()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.Unauthorized, """{"error":"the admin token is not valid"}""");

        var run = await cli.RunAsync("token", "list");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("vmmesh: the policy server refused GET /v1/tokens (401 Unauthorized): the admin token is not valid (the admin token comes from --token-file or VMMESH_ADMIN_TOKEN)\n", run.Stderr);
        Assert.Equal($"Bearer {CliHarness.AdminToken}", Assert.Single(cli.Server.Requests).Authorization);
    }

    [Fact]
    public async Task PublicCall_WithoutAdminToken_Works()
    {
        using var cli = new CliHarness();
        cli.Variables.Remove("VMMESH_ADMIN_TOKEN");
        cli.Server.On("GET /v1/ca/roots", HttpStatusCode.OK, """{"trustDomain":"mesh.test","activeRootId":"sha256:aa","index":1,"roots":[]}""");

        var run = await cli.RunAsync("ca", "roots");

        Assert.Equal(0, run.ExitCode);
        Assert.Null(Assert.Single(cli.Server.Requests).Authorization);
    }

    [Fact]
    public async Task Output_UnknownFormat_IsUsageError()
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("token", "list", "-o", "yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("vmmesh: Argument 'yaml' not recognized. Must be one of:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_Message_NamesServerSwitch()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", HttpStatusCode.OK, "[]", _ => throw new HttpRequestException("Connection refused"));

        var run = await cli.RunAsync("token", "list");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("vmmesh: cannot reach the policy server at https://127.0.0.1:8443/ (Connection refused); check the server URL and that the server is running (the server URL comes from --server or VMMESH_SERVER)\n", run.Stderr);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, 3)]
    [InlineData(HttpStatusCode.InternalServerError, 4)]
    [InlineData(HttpStatusCode.Forbidden, 5)]
    public async Task ServerStatus_MapsToDocumentedExitCode(HttpStatusCode status, int exitCode)
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/tokens", status, """{"error":"no"}""");

        var run = await cli.RunAsync("token", "list");

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Help_Root_ListsExitCodes()
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(string.Join("\n", VmMesh.Cli.Common.ExitCodesHelp.Lines), run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  5  the policy server refused the request (its message is shown)", run.Stdout, StringComparison.Ordinal);
    }
}
