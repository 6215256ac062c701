using VmMesh.Testing;
using System.Globalization;
using VmMesh.EndToEnd.Tests.Support;

namespace VmMesh.EndToEnd.Tests.Mesh;

/// <summary>
/// Issue 4: clients on host A connecting straight to api's inbound port on host B without a mesh certificate are
/// refused at the TLS handshake with an alert, so no HTTP status ever comes back (curl prints 000) and curl's error
/// line names the alert. TLS 1.2: the alert replaces the server's Finished and curl's handshake fails (exit 35).
/// TLS 1.3: the client's certificate travels after the server's Finished, so curl's handshake has returned when the
/// alert arrives and the read of the response fails with it (exit 56). HTTP/1.1 so that curl reports the refusal
/// itself rather than an HTTP/2 stream error.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class HandshakeRefusalTests(MeshFixture mesh)
{
    private string InboundUrl => $"https://{mesh.HostB.Address}:{mesh.ApiInboundPort.ToString(CultureInfo.InvariantCulture)}/hello";

    [Theory]
    [InlineData("1.2", 35, "sslv3 alert handshake failure")]
    [InlineData("1.3", 56, "tlsv13 alert certificate required")]
    public async Task Inbound_ClientWithoutCertificate_RefusedAtHandshake(string tls, int exitCode, string alert)
    {
        await AssertInboundReachableAsync();

        var result = await mesh.HostA.CurlAsync("--http1.1", "-k", $"--tlsv{tls}", "--tls-max", tls, InboundUrl);

        AssertRefusedWithAlert(result, exitCode, alert);
    }

    [Theory]
    [InlineData("1.2", 35)]
    [InlineData("1.3", 56)]
    public async Task Inbound_ClientCertificateFromAnotherCa_RefusedAtHandshake(string tls, int exitCode)
    {
        await AssertInboundReachableAsync();
        var (cert, key) = ForeignCertificates.WriteLeaf(mesh.Directory, "foreign-web", MeshFixture.WebIdentity);

        var result = await mesh.HostA.CurlAsync("--http1.1", "-k", $"--tlsv{tls}", "--tls-max", tls, "--cert", cert, "--key", key, InboundUrl);

        AssertRefusedWithAlert(result, exitCode, "tlsv1 alert unknown ca");
    }

    // The mesh CA's key stays inside the policy server, so this certificate cannot chain to the mesh root: it
    // shows the two-SAN shape is refused end to end (the SAN rule is checked before the chain, hence bad_certificate
    // rather than unknown_ca), while the sidecar's and LeafValidator's unit tests isolate the SAN rule.
    [Theory]
    [InlineData("1.2", 35)]
    [InlineData("1.3", 56)]
    public async Task Inbound_ClientCertificateWithTwoUriSansFromAnotherCa_RefusedAtHandshake(string tls, int exitCode)
    {
        await AssertInboundReachableAsync();
        var (cert, key) = ForeignCertificates.WriteLeaf(
            mesh.Directory, "two-sans", MeshFixture.WebIdentity, "spiffe://vmmesh.local/ns/default/dc/dc1/svc/admin");

        var result = await mesh.HostA.CurlAsync("--http1.1", "-k", $"--tlsv{tls}", "--tls-max", tls, "--cert", cert, "--key", key, InboundUrl);

        AssertRefusedWithAlert(result, exitCode, "sslv3 alert bad certificate");
    }

    /// <summary>The same port does answer a mesh client, so a refusal below is the handshake's and not a dead port.</summary>
    private async Task AssertInboundReachableAsync() =>
        await Eventually.UntilAsync(
            () => mesh.CallApiFromAAsync(),
            r => r.Stdout.EndsWith("\n200", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "a 200 through the mesh to api's inbound port");

    private static void AssertRefusedWithAlert(CommandResult result, int exitCode, string alert)
    {
        // 52 (empty reply) was what a refusal looked like before the listener sent alerts; 7 (connection refused) or
        // 28 (timeout) would mean the test proves nothing, and any HTTP status would mean the request got past TLS.
        Assert.True(result.ExitCode == exitCode, $"expected curl exit {exitCode} with '{alert}': {result}");
        Assert.Contains(alert, result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("\n000", result.Stdout, StringComparison.Ordinal);
    }
}
