using VmMesh.Testing;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Ca;

/// <summary>The real vmmesh against the real vmmesh-policy-server --dev: ca roots (no admin token needed), TLS trust.</summary>
[Collection(PolicyServerCollection.Name)]
public sealed class CaEndToEndTests(PolicyServerProcess server)
{
    [Fact]
    public async Task Roots_WithoutAdminToken_ListsActiveRoot()
    {
        var run = await server.VmmeshAsync(["ca", "roots", "-o", "json"], admin: false);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("vmmesh.local", json.RootElement.GetProperty("trustDomain").GetString());
        var active = json.RootElement.GetProperty("activeRootId").GetString();
        Assert.Contains(json.RootElement.GetProperty("roots").EnumerateArray(), r => r.GetProperty("id").GetString() == active && r.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Roots_Pem_MatchesCaFile()
    {
        var run = await server.VmmeshAsync(["ca", "roots", "--pem"], admin: false);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal((await File.ReadAllTextAsync(server.CaFile)).Trim(), run.Stdout.Trim());
    }

    [Fact]
    public async Task Roots_ForeignTrustBundle_FailsTlsWithExitThree()
    {
        using var other = VmMesh.Identity.Authority.RootCertificateFactory.Create(VmMesh.Identity.Spiffe.TrustDomain.Parse("vmmesh.local"), TimeProvider.System, new Random(3));
        var foreign = Path.Combine(server.DataDir, "foreign-ca.pem");
        await File.WriteAllTextAsync(foreign, other.ExportCertificatePem());

        var run = await server.VmmeshAsync(["ca", "roots", "--ca-file", foreign], admin: false);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith($"vmmesh: TLS with the policy server at {server.Url}/ failed: certificate '", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not chain to a root in the trust bundle of 'vmmesh.local'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roots_NothingListening_ExitsThree()
    {
        var run = await server.VmmeshAsync(["ca", "roots", "--server", $"https://127.0.0.1:{FreePort.Next()}"], admin: false);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("vmmesh: cannot reach the policy server at https://127.0.0.1:", run.Stderr, StringComparison.Ordinal);
    }
}
