using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Ca;

public sealed class RootsEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Roots_Json_ListsTheActiveRootWithIndexHeader()
    {
        using var client = server.Client();

        var response = await client.GetAsync("/v1/ca/roots");

        Assert.Equal(200, response.Status);
        Assert.Equal("vmmesh.local", response.Json.GetProperty("trustDomain").GetString());
        var root = Assert.Single(response.Json.GetProperty("roots").EnumerateArray());
        Assert.Equal(server.Bundle.ActiveRootId, root.GetProperty("id").GetString());
        Assert.True(root.GetProperty("active").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("crossSignedPem").ValueKind);
        Assert.Equal(response.Json.GetProperty("index").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-VmMesh-Index").Single());
    }

    [Fact]
    public async Task Roots_Pem_EqualsTheCaPemFile()
    {
        using var client = server.Client();

        var response = await client.GetAsync("/v1/ca/roots?pem");
        var file = await Eventually.GetAsync(async () => File.Exists(Path.Combine(server.DataDir, "ca.pem")) ? await File.ReadAllTextAsync(Path.Combine(server.DataDir, "ca.pem")) : null);

        Assert.Equal("application/x-pem-file", response.MediaType);
        Assert.Equal(file, response.Body);
        Assert.Equal(server.Bundle.ToPem(), response.Body);
    }

    [Fact]
    public async Task Roots_IndexNotCurrent_ReturnsAtOnce()
    {
        using var client = server.Client();

        var response = await client.GetAsync("/v1/ca/roots?index=1&wait=10m");

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Roots_CurrentIndex_WaitsUntilTheWaitPasses()
    {
        using var client = server.Client();
        var index = (await client.GetAsync("/v1/ca/roots")).Json.GetProperty("index").GetInt64();

        var call = client.GetAsync($"/v1/ca/roots?index={index}&wait=1m");

        // The wait runs on the server's fake clock: move it until the call returns (it may not be waiting yet).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!call.IsCompleted && DateTime.UtcNow < deadline)
        {
            server.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(call, Task.Delay(100));
        }

        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((200, index), (response.Status, response.Json.GetProperty("index").GetInt64()));
    }

    [Theory]
    [InlineData("index=abc", "index \"abc\" is not a whole number; pass the X-VmMesh-Index of the last response")]
    [InlineData("index=1&wait=forever", "wait \"forever\" is not a duration; use e.g. \"30s\" or \"5m\"")]
    public async Task Roots_BadQuery_Returns400(string query, string message)
    {
        using var client = server.Client();

        var response = await client.GetAsync($"/v1/ca/roots?{query}");

        Assert.Equal((400, message), (response.Status, response.Error));
    }
}
