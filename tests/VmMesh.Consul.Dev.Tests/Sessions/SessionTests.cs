using System.Net;
using System.Text.Json;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Sessions;

public sealed class SessionTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<string> CreateAsync(string body)
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/session/create", body);
        Assert.True(status == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("ID").GetString()!;
    }

    [Fact]
    public async Task Create_Defaults_InSessionJson()
    {
        var id = await CreateAsync(string.Empty);
        var session = (await _h.JsonAsync($"v1/session/info/{id}"))[0];
        Assert.Equal("node-a", session.GetProperty("Node").GetString());
        Assert.Equal(15_000_000_000L, session.GetProperty("LockDelay").GetInt64());
        Assert.Equal("release", session.GetProperty("Behavior").GetString());
        Assert.Equal(string.Empty, session.GetProperty("TTL").GetString());
        Assert.Equal("serfHealth", session.GetProperty("NodeChecks")[0].GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("ServiceChecks").ValueKind);
    }

    [Theory]
    [InlineData("{\"LockDelay\":5}", 5_000_000_000L)]
    [InlineData("{\"LockDelay\":\"2s\"}", 2_000_000_000L)]
    [InlineData("{\"LockDelay\":2000000000}", 2_000_000_000L)]
    [InlineData("{\"LockDelay\":\"5m\"}", 60_000_000_000L)]
    public async Task Create_LockDelayParsing(string body, long nanos)
    {
        var id = await CreateAsync(body);
        Assert.Equal(nanos, (await _h.JsonAsync($"v1/session/info/{id}"))[0].GetProperty("LockDelay").GetInt64());
    }

    [Theory]
    [InlineData("{\"TTL\":\"5s\"}", "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]")]
    [InlineData("{\"TTL\":\"25h\"}", "Invalid Session TTL '90000000000000', must be between [10s=24h0m0s]")]
    [InlineData("{\"Behavior\":\"explode\"}", "Invalid Behavior setting 'explode'")]
    [InlineData("{\"NodeChecks\":[\"nope\"]}", "Missing check 'nope' registration")]
    public async Task Create_Invalid_Returns500(string body, string message)
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/session/create", body);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(message, text);
    }

    [Fact]
    public async Task Create_LoweredMinimum_MessageShowsConfiguredBounds()
    {
        await using var h = await DevServerHarness.StartAsync(o => o with { MinimumSessionTtl = TimeSpan.FromSeconds(1) });
        var (status, text) = await h.TextAsync(HttpMethod.Put, "v1/session/create", "{\"TTL\":\"500ms\"}");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Invalid Session TTL '500000000', must be between [1s=24h0m0s]", text);
    }

    [Fact]
    public async Task Ttl_ExpiresAtTwiceTtlAfterLastRenew()
    {
        var id = await CreateAsync("{\"TTL\":\"10s\",\"NodeChecks\":[]}");
        _h.Time.Advance(TimeSpan.FromSeconds(15));
        var renewed = await _h.TextAsync(HttpMethod.Put, $"v1/session/renew/{id}");
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        _h.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.NotNull(_h.Runtime.Store.Session(id));

        _h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(_h.Runtime.Store.Session(id));
        var (status, text) = await _h.TextAsync(HttpMethod.Put, $"v1/session/renew/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Session id '{id}' not found", text);
    }

    [Fact]
    public async Task Ttl_Expiry_ReleasesLockWithLockDelay()
    {
        var holder = await CreateAsync("{\"TTL\":\"10s\",\"LockDelay\":\"5s\",\"NodeChecks\":[]}");
        var other = await CreateAsync("{\"NodeChecks\":[]}");
        await _h.PutAsync($"v1/kv/leader?acquire={holder}", "me");

        _h.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Null(_h.Runtime.Store.KvGet("leader").Entry!.Session);
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/leader?acquire={other}", "you")).Body);
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/leader?acquire={other}", "you")).Body);
    }

    [Fact]
    public async Task CriticalAttachedCheck_InvalidatesSession()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{\"CheckID\":\"hb\",\"TTL\":\"30s\",\"Status\":\"passing\"}}");
        var id = await CreateAsync("{\"ServiceChecks\":[{\"ID\":\"hb\"}],\"NodeChecks\":[]}");

        await _h.PutAsync("v1/agent/check/fail/hb");

        Assert.Null(_h.Runtime.Store.Session(id));
    }

    [Fact]
    public async Task Create_CriticalCheck_Returns500()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{\"CheckID\":\"hb\",\"TTL\":\"30s\"}}");
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/session/create", "{\"ServiceChecks\":[{\"ID\":\"hb\"}]}");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Check 'hb' is in critical state", text);
    }

    [Fact]
    public async Task ListNodeInfo_AndDestroyIdempotent()
    {
        var id = await CreateAsync("{\"Name\":\"lock\"}");
        Assert.Single((await _h.JsonAsync("v1/session/list")).EnumerateArray());
        Assert.Single((await _h.JsonAsync("v1/session/node/node-a")).EnumerateArray());
        Assert.Empty((await _h.JsonAsync("v1/session/node/other")).EnumerateArray());
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/session/destroy/{id}")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/session/destroy/{id}")).Body);
        Assert.Empty((await _h.JsonAsync($"v1/session/info/{id}")).EnumerateArray());
    }
}
