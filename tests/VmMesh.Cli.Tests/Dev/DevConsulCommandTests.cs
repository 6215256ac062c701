using VmMesh.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Dev;

/// <summary>`vmmesh dev consul` started as a real process and spoken to with the real curl.</summary>
public sealed class DevConsulCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    private static string Vmmesh => RepoPaths.Executable("VmMesh.Cli", "vmmesh");

    [Fact]
    public async Task DevConsul_Started_AnswersCurlAsConsulAndStopsOnCtrlC()
    {
        var port = FreePort.Next();
        await using var process = ChildProcess.StartDotnet(Vmmesh, ["dev", "consul", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var banner = await process.WaitForOutputAsync("Dev Consul listening on", StartTimeout);
        Assert.Contains($"http://127.0.0.1:{port}/", banner, StringComparison.Ordinal);
        var baseUrl = $"http://127.0.0.1:{port}";

        var leader = await Curl.RunAsync($"{baseUrl}/v1/status/leader");
        Assert.Equal(200, leader.Status);
        Assert.StartsWith("\"", leader.Body.Trim(), StringComparison.Ordinal);

        var put = await Curl.RunAsync("-X", "PUT", "--data-binary", "hello mesh", $"{baseUrl}/v1/kv/vmmesh/cli-test");
        Assert.Equal((200, "true"), (put.Status, put.Body.Trim()));

        var raw = await Curl.RunAsync($"{baseUrl}/v1/kv/vmmesh/cli-test?raw");
        Assert.Equal((200, "hello mesh"), (raw.Status, raw.Body));

        var entry = await Curl.RunAsync($"{baseUrl}/v1/kv/vmmesh/cli-test");
        using (var json = JsonDocument.Parse(entry.Body))
        {
            var first = json.RootElement[0];
            Assert.Equal("vmmesh/cli-test", first.GetProperty("Key").GetString());
            Assert.Equal("hello mesh", System.Text.Encoding.UTF8.GetString(first.GetProperty("Value").GetBytesFromBase64()));
        }

        Assert.Contains("X-Consul-Index:", entry.Headers, StringComparison.OrdinalIgnoreCase);

        var missing = await Curl.RunAsync($"{baseUrl}/v1/kv/vmmesh/absent");
        Assert.Equal((404, string.Empty), (missing.Status, missing.Body));

        var self = await Curl.RunAsync($"{baseUrl}/v1/agent/self");
        using (var json = JsonDocument.Parse(self.Body))
        {
            Assert.Equal("dc1", json.RootElement.GetProperty("Config").GetProperty("Datacenter").GetString());
        }

        var unknown = await Curl.RunAsync($"{baseUrl}/v1/nope");
        Assert.Equal((404, "Invalid URL path: not a recognized HTTP API endpoint"), (unknown.Status, unknown.Body.Trim()));

        await process.SignalAsync("INT");
        Assert.Equal(0, await process.WaitForExitAsync(ExitTimeout));
        await AssertPortClosedAsync(port);
    }

    [Fact]
    public async Task DevConsul_WithToken_RefusesRequestsWithoutIt()
    {
        var port = FreePort.Next();
        await using var process = ChildProcess.StartDotnet(Vmmesh, ["dev", "consul", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--token", "s3cret-token"]);
        await process.WaitForOutputAsync("Dev Consul listening on", StartTimeout);
        var url = $"http://127.0.0.1:{port}/v1/kv/vmmesh/secured";

        var anonymous = await Curl.RunAsync("-X", "PUT", "--data-binary", "x", url);
        Assert.Equal((403, "ACL not found"), (anonymous.Status, anonymous.Body.Trim()));

        var wrong = await Curl.RunAsync("-X", "PUT", "-H", "X-Consul-Token: wrong", "--data-binary", "x", url);
        Assert.Equal(403, wrong.Status);

        var header = await Curl.RunAsync("-X", "PUT", "-H", "X-Consul-Token: s3cret-token", "--data-binary", "x", url);
        Assert.Equal((200, "true"), (header.Status, header.Body.Trim()));

        var bearer = await Curl.RunAsync("-H", "Authorization: Bearer s3cret-token", url + "?raw");
        Assert.Equal((200, "x"), (bearer.Status, bearer.Body));

        Assert.DoesNotContain("s3cret-token", process.Stdout + process.Stderr, StringComparison.Ordinal);
        await process.SignalAsync("TERM");
        Assert.Equal(0, await process.WaitForExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task DevConsul_PortInUse_ExitsWithUnavailableAndNamesThePort()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var process = ChildProcess.StartDotnet(Vmmesh, ["dev", "consul", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(3, await process.WaitForExitAsync(StartTimeout));
        Assert.Contains($"port {port} on 127.0.0.1 is already in use; stop the process that holds it or pass --port.", process.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("70000", "--port 70000 is not a TCP port; use 0-65535.")]
    [InlineData("http", "Cannot parse argument 'http' for option '--port'")]
    public async Task DevConsul_BadPort_ExitsWithInvalidArguments(string port, string message)
    {
        await using var process = ChildProcess.StartDotnet(Vmmesh, ["dev", "consul", "--port", port]);

        Assert.Equal(2, await process.WaitForExitAsync(StartTimeout));
        Assert.Contains(message, process.Stderr, StringComparison.Ordinal);
    }

    private static async Task AssertPortClosedAsync(int port)
    {
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
