using System.Net;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Json;

public sealed class StrictJsonTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("{\"Name\":\"web\",\"Foo\":1}", "Request decode failed: json: unknown field \"Foo\"")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"ID\":\"x\",\"TTL\":\"10s\"}}", "Request decode failed: json: unknown field \"ID\"")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"TTL\":\"nope\"}}", "Request decode failed: time: invalid duration \"nope\"")]
    [InlineData("{\"Name\":\"web\",\"Check\":{\"TTL\":\"10\"}}", "Request decode failed: time: missing unit in duration \"10\"")]
    [InlineData("{\"Name\":5}", "Request decode failed: json: cannot unmarshal number into Go struct field ServiceDefinition.Name of type string")]
    [InlineData("{\"Name\":\"web\",\"Port\":\"80\"}", "Request decode failed: json: cannot unmarshal string into Go struct field ServiceDefinition.Port of type int")]
    [InlineData("{\"Name\":\"web\",\"Checks\":[{\"Name\":true}]}", "Request decode failed: json: cannot unmarshal bool into Go struct field ServiceDefinition.Checks.Name of type string")]
    public async Task Register_BadBody_Returns400WithGoText(string body, string message)
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/service/register", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, text);
    }

    [Fact]
    public async Task Register_CaseInsensitiveKeys_Accepted()
    {
        await _h.RegisterAsync("{\"name\":\"web\",\"id\":\"web-1\",\"PORT\":80,\"check\":{\"ttl\":\"10s\"}}");
        var service = await _h.JsonAsync("v1/agent/service/web-1");
        Assert.Equal(80, service.GetProperty("Port").GetInt32());
    }

    [Fact]
    public async Task SessionCreate_UnknownField_Returns400()
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/session/create", "{\"Bogus\":true}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Request decode failed: json: unknown field \"Bogus\"", text);
    }
}
