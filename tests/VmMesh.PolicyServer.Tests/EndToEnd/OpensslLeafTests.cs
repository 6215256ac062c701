using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VmMesh.PolicyServer.Tests.Support;
using Xunit.Abstractions;

namespace VmMesh.PolicyServer.Tests.EndToEnd;

/// <summary>The issue's "done when": openssl's view of an issued leaf.</summary>
public sealed partial class OpensslLeafTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task IssuedLeaf_OpensslText_ShowsOneSpiffeUriSanNoCaAndAtMost24hPlusBackdate()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();
        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);
        Assert.Equal(200, response.Status);
        var path = Path.Combine(server.DataDir, "leaf.pem");
        await File.WriteAllTextAsync(path, response.Json.GetProperty("certificatePem").GetString());

        var text = await RunOpensslAsync("x509", "-noout", "-text", "-in", path);
        output.WriteLine(text);

        var uris = UriSan().Matches(text).Select(m => m.Value).ToList();
        Assert.Equal(["URI:spiffe://vmmesh.local/ns/default/dc/dc1/svc/web"], uris);
        Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CA:TRUE", text, StringComparison.Ordinal);
        var notBefore = ParseOpensslTime(NotBefore().Match(text).Groups[1].Value);
        var notAfter = ParseOpensslTime(NotAfter().Match(text).Groups[1].Value);
        Assert.True(notAfter - notBefore <= TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1), $"validity {notAfter - notBefore}");
    }

    private static DateTimeOffset ParseOpensslTime(string value) =>
        DateTimeOffset.ParseExact(Regex.Replace(value.Trim(), @"\s+", " "), "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static async Task<string> RunOpensslAsync(params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    [GeneratedRegex(@"URI:[^,\s]+")]
    private static partial Regex UriSan();

    [GeneratedRegex(@"Not Before\s*:\s*(.+)")]
    private static partial Regex NotBefore();

    [GeneratedRegex(@"Not After\s*:\s*(.+)")]
    private static partial Regex NotAfter();
}
