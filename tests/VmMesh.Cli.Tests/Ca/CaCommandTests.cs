using System.Net;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Ca;

/// <summary>vmmesh ca roots|rotate in-process against a fake policy server.</summary>
public sealed class CaCommandTests
{
    private const string Roots = """{"trustDomain":"mesh.test","activeRootId":"sha256:new","index":4,"roots":[{"id":"sha256:old","pem":"P1","notBefore":"2026-01-01T00:00:00Z","notAfter":"2036-01-01T00:00:00Z","active":false,"crossSignedPem":null},{"id":"sha256:new","pem":"P2","notBefore":"2026-11-26T00:00:00Z","notAfter":"2036-11-26T00:00:00Z","active":true,"crossSignedPem":"X"}]}""";

    [Fact]
    public async Task Roots_Table_ActiveFirst()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/ca/roots", HttpStatusCode.OK, Roots);

        var run = await cli.RunAsync("ca", "roots");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(
            [
                "ID ACTIVE NOT BEFORE NOT AFTER CROSS-SIGNED",
                "sha256:new yes 2026-11-26 00:00:00Z 2036-11-26 00:00:00Z yes",
                "sha256:old no 2026-01-01 00:00:00Z 2036-01-01 00:00:00Z no",
            ],
            lines);
        Assert.Equal("Trust domain mesh.test; roots index 4.\n", run.Stderr);
    }

    [Fact]
    public async Task Roots_Pem_PrintsBundle()
    {
        using var cli = new CliHarness();
        cli.Server.On("GET /v1/ca/roots?pem", HttpStatusCode.OK, "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");

        var run = await cli.RunAsync("ca", "roots", "--pem");

        Assert.Equal((0, "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"), (run.ExitCode, run.Stdout));
    }

    [Fact]
    public async Task Rotate_Json_IsRootsDocument()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/ca/rotate", HttpStatusCode.OK, Roots);

        var run = await cli.RunAsync("ca", "rotate", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("sha256:new", json.RootElement.GetProperty("activeRootId").GetString());
        Assert.Equal($"Bearer {CliHarness.AdminToken}", Assert.Single(cli.Server.Requests).Authorization);
    }

    [Fact]
    public async Task Rotate_Table_SaysWhatHappened()
    {
        using var cli = new CliHarness();
        cli.Server.On("POST /v1/ca/rotate", HttpStatusCode.OK, Roots);

        var run = await cli.RunAsync("ca", "rotate");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Rotated: new leaves are signed by sha256:new; the previous root stays trusted until the last leaf it signed has expired.", run.Stderr, StringComparison.Ordinal);
    }
}
