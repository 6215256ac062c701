using System.Net;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Agent;

public sealed class TtlCheckTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DevServerHarness.StartAsync();
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Checks\":[{\"CheckID\":\"hb\",\"TTL\":\"15s\"},{\"CheckID\":\"tcp\",\"TCP\":\"127.0.0.1:1\",\"Interval\":\"10s\"}]}");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("pass", "passing")]
    [InlineData("warn", "warning")]
    [InlineData("fail", "critical")]
    public async Task TtlVerb_SetsStatusAndNote(string verb, string status)
    {
        var (code, _) = await _h.TextAsync(HttpMethod.Put, $"v1/agent/check/{verb}/hb?note=hello");
        Assert.Equal(HttpStatusCode.OK, code);
        var check = (await _h.JsonAsync("v1/agent/checks")).GetProperty("hb");
        Assert.Equal(status, check.GetProperty("Status").GetString());
        Assert.Equal("hello", check.GetProperty("Output").GetString());
    }

    [Fact]
    public async Task Update_BadStatus_Returns400()
    {
        var (code, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/check/update/hb", "{\"Status\":\"fine\"}");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("Invalid check status: 'fine'", text);
    }

    [Fact]
    public async Task Update_UnknownCheck_Returns404()
    {
        var (code, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/check/pass/nope");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("Unknown check ID \"nope\". Ensure that the check ID is passed, not the check name.", text);
    }

    [Fact]
    public async Task Update_NonTtlCheck_Returns500()
    {
        var (code, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/check/pass/tcp");
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("CheckID \"tcp\" does not have associated TTL", text);
    }

    [Fact]
    public async Task Update_LongOutput_IsTruncated()
    {
        var output = new string('a', 5000);
        await _h.PutAsync("v1/agent/check/update/hb", $"{{\"Status\":\"passing\",\"Output\":\"{output}\"}}");
        var check = (await _h.JsonAsync("v1/agent/checks")).GetProperty("hb");
        Assert.Equal(new string('a', 4096) + " ... (captured 4096 of 5000 bytes)", check.GetProperty("Output").GetString());
    }

    [Fact]
    public async Task Ttl_NotRenewed_ExpiresOnTheClock()
    {
        await _h.PutAsync("v1/agent/check/pass/hb?note=alive");
        _h.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal("passing", _h.Runtime.Store.Check("hb")!.Status);

        _h.Time.Advance(TimeSpan.FromSeconds(1));

        var check = _h.Runtime.Store.Check("hb")!;
        Assert.Equal("critical", check.Status);
        Assert.Equal("TTL expired (last output before timeout follows): alive", check.Output);
    }

    [Fact]
    public async Task Ttl_RenewResetsTimer()
    {
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.PutAsync("v1/agent/check/pass/hb");
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("passing", _h.Runtime.Store.Check("hb")!.Status);

        _h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("TTL expired", _h.Runtime.Store.Check("hb")!.Output);
    }

    [Fact]
    public async Task Reregistration_RestartsTtlWindow()
    {
        await _h.PutAsync("v1/agent/check/pass/hb");
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Checks\":[{\"CheckID\":\"hb\",\"TTL\":\"15s\"},{\"CheckID\":\"tcp\",\"TCP\":\"127.0.0.1:1\",\"Interval\":\"10s\"}]}");

        _h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("passing", _h.Runtime.Store.Check("hb")!.Status);
    }

    [Fact]
    public async Task CheckRegister_AndDeregister()
    {
        var (code, _) = await _h.TextAsync(HttpMethod.Put, "v1/agent/check/register", "{\"Name\":\"disk\",\"TTL\":\"30s\",\"Status\":\"passing\"}");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("passing", (await _h.JsonAsync("v1/agent/checks")).GetProperty("disk").GetProperty("Status").GetString());

        await _h.PutAsync("v1/agent/check/deregister/disk");
        var (missing, text) = await _h.TextAsync(HttpMethod.Put, "v1/agent/check/deregister/disk");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("Unknown check ID \"disk\". Ensure that the check ID is passed, not the check name.", text);
    }
}
