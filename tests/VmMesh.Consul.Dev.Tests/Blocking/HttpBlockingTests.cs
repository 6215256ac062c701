using System.Globalization;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Blocking;

public sealed class HttpBlockingTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task KvGet_MissingKeyBlocked_ReturnsWhenKeyAppears()
    {
        using var first = await _h.GetAsync("v1/kv/leader");
        var index = first.Headers.GetValues("X-Consul-Index").Single();
        var pending = _h.GetAsync($"v1/kv/leader?index={index}&wait=5m");
        await DevServerHarness.EventuallyAsync(() => Task.FromResult(_h.Runtime.Hub.WatchedTopics > 0), "watcher registered");

        await _h.PutAsync("v1/kv/other", "x");
        Assert.False(pending.IsCompleted);
        await _h.PutAsync("v1/kv/leader", "me");

        using var response = await pending.WaitAsync(DevServerHarness.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(ulong.Parse(response.Headers.GetValues("X-Consul-Index").Single(), CultureInfo.InvariantCulture) > ulong.Parse(index, CultureInfo.InvariantCulture));
        Assert.Equal(0, _h.Runtime.Hub.WakeUps(Topics.Kv("other")));
    }

    [Fact]
    public async Task HealthService_Blocked_WakesOnRegistration()
    {
        using var first = await _h.GetAsync("v1/health/service/web");
        var index = first.Headers.GetValues("X-Consul-Index").Single();
        var pending = _h.GetAsync($"v1/health/service/web?index={index}");
        await DevServerHarness.EventuallyAsync(() => Task.FromResult(_h.Runtime.Hub.WatchedTopics > 0), "watcher registered");

        await _h.RegisterAsync("{\"Name\":\"web\",\"Port\":80}");

        using var response = await pending.WaitAsync(DevServerHarness.Timeout);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"Service\":\"web\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentService_HashBlocking_ReturnsOnChange()
    {
        await _h.RegisterAsync("{\"Name\":\"web\",\"Port\":80}");
        using var first = await _h.GetAsync("v1/agent/service/web");
        var hash = first.Headers.GetValues("X-Consul-Contenthash").Single();
        Assert.False(first.Headers.Contains("X-Consul-Index"));
        var pending = _h.GetAsync($"v1/agent/service/web?hash={hash}&wait=1m");
        await DevServerHarness.EventuallyAsync(() => Task.FromResult(_h.Runtime.Hub.WatchedTopics > 0), "watcher registered");

        await _h.RegisterAsync("{\"Name\":\"web\",\"Port\":81}");

        using var response = await pending.WaitAsync(DevServerHarness.Timeout);
        Assert.NotEqual(hash, response.Headers.GetValues("X-Consul-Contenthash").Single());
    }
}
