using System.Net;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Agent;

public sealed class AgentHealthTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("passing", HttpStatusCode.OK)]
    [InlineData("warning", HttpStatusCode.TooManyRequests)]
    [InlineData("critical", HttpStatusCode.ServiceUnavailable)]
    public async Task ById_StatusCodeCarriesAggregate(string status, HttpStatusCode code)
    {
        await _h.RegisterAsync($"{{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{{\"TTL\":\"1m\",\"Status\":\"{status}\"}}}}");
        var (json, _) = await _h.TextAsync(HttpMethod.Get, "v1/agent/health/service/id/web-1");
        var (text, word) = await _h.TextAsync(HttpMethod.Get, "v1/agent/health/service/id/web-1?format=text");
        Assert.Equal(code, json);
        Assert.Equal(code, text);
        Assert.Equal(status, word);
    }

    [Fact]
    public async Task ById_Maintenance_Is503()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\"}");
        await _h.PutAsync("v1/agent/service/maintenance/web-1?enable=true");
        var (code, word) = await _h.TextAsync(HttpMethod.Get, "v1/agent/health/service/id/web-1?format=text");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("maintenance", word);
    }

    [Fact]
    public async Task ByName_WorstInstanceWins_UnknownIs404()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{\"TTL\":\"1m\",\"Status\":\"passing\"}}");
        await _h.RegisterAsync("{\"ID\":\"web-2\",\"Name\":\"web\",\"Check\":{\"TTL\":\"1m\",\"Status\":\"warning\"}}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _h.TextAsync(HttpMethod.Get, "v1/agent/health/service/name/web")).Status);
        var (code, text) = await _h.TextAsync(HttpMethod.Get, "v1/agent/health/service/name/nope?format=text");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("ServiceName nope Not Found", text);
    }
}
