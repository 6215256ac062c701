using Microsoft.Extensions.Time.Testing;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Tests.Blocking;

/// <summary>Writes wake only the watchers whose answers can change (thousands of idle sidecars stay asleep).</summary>
public sealed class WatchSelectivityTests
{
    private readonly WatchHub _hub = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StateStore _store;

    public WatchSelectivityTests()
    {
        _store = new StateStore(_hub, _time, "id", "node-a", "127.0.0.1", "dc1", "1.21.4");
    }

    [Fact]
    public void KvWrite_ToKeyA_WakesNoWatcherOfKeyB()
    {
        var a = _hub.Watch(Topics.Kv("a"));
        var b = _hub.Watch(Topics.Kv("b"));

        _store.KvWrite((kv, batch) => kv.Set(batch, "a", [1], 0));

        Assert.True(a.IsCompleted);
        Assert.False(b.IsCompleted);
        Assert.Equal(0, _hub.WakeUps(Topics.Kv("b")));
        Assert.Equal(1, _hub.WakeUps(Topics.Kv("a")));
    }

    [Fact]
    public void KvWrite_ToChildKey_WakesPrefixWatcherOnly()
    {
        var prefix = _hub.Watch(Topics.KvPrefix("vmmesh/config/"));
        var other = _hub.Watch(Topics.KvPrefix("vmmesh/bundles/"));

        _store.KvWrite((kv, batch) => kv.Set(batch, "vmmesh/config/web/routes", [1], 0));

        Assert.True(prefix.IsCompleted);
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public void KvWrite_Identical_WakesNobodyAndKeepsIndex()
    {
        _store.KvWrite((kv, batch) => kv.Set(batch, "a", [1], 0));
        var before = _store.CurrentIndex;
        var watcher = _hub.Watch(Topics.Kv("a"));

        _store.KvWrite((kv, batch) => kv.Set(batch, "a", [1], 0));

        Assert.False(watcher.IsCompleted);
        Assert.Equal(before, _store.CurrentIndex);
    }

    [Fact]
    public void ServiceRegistration_OfX_WakesNoWatcherOfY()
    {
        var x = _hub.Watch(Topics.Service("x"));
        var y = _hub.Watch(Topics.Service("y"));
        var connectY = _hub.Watch(Topics.Connect("y"));

        _store.RegisterServices([new ServiceRegistration(new ServiceRecord { Id = "x-1", Name = "x" }, [])], false);

        Assert.True(x.IsCompleted);
        Assert.False(y.IsCompleted);
        Assert.False(connectY.IsCompleted);
        Assert.Equal(0, _hub.WakeUps(Topics.Service("y")));
    }

    [Fact]
    public void ProxyRegistration_WakesConnectWatcherOfItsDestination()
    {
        var connect = _hub.Watch(Topics.Connect("web"));
        var proxy = new ServiceRecord
        {
            Id = "web-1-sidecar-proxy",
            Name = "web-sidecar-proxy",
            Kind = "connect-proxy",
            Port = 21000,
            Proxy = new ProxyRecord { DestinationServiceName = "web" },
        };

        _store.RegisterServices([new ServiceRegistration(proxy, [])], false);

        Assert.True(connect.IsCompleted);
    }

    [Fact]
    public void Write_TakesOneIndexPerBatch()
    {
        var before = _store.CurrentIndex;
        _store.KvTransaction<bool>((kv, batch, _) =>
        {
            kv.Set(batch, "t1", [1], 0);
            kv.Set(batch, "t2", [2], 0);
            return (true, true);
        });

        Assert.Equal(before + 1, _store.CurrentIndex);
        Assert.Equal(before + 1, _store.KvGet("t2").Index);
    }

    [Fact]
    public void FailedTransaction_ChangesNothing()
    {
        var before = _store.CurrentIndex;
        _store.KvTransaction<bool>((kv, batch, _) =>
        {
            kv.Set(batch, "t1", [1], 0);
            return (false, false);
        });

        Assert.Equal(before, _store.CurrentIndex);
        Assert.Null(_store.KvGet("t1").Entry);
    }

    [Fact]
    public void Delete_AdvancesPrefixIndexThroughTombstone()
    {
        _store.KvWrite((kv, batch) => kv.Set(batch, "p/a", [1], 0));
        var afterSet = _store.KvList("p/").Index;

        _store.KvWrite((kv, batch) => kv.Delete(batch, "p/a"));

        Assert.True(_store.KvList("p/").Index > afterSet);
    }

    [Fact]
    public void StartIndex_IsUnixSecondsOfTheClock()
    {
        Assert.True(_store.CurrentIndex >= (ulong)_time.GetUtcNow().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task BlockingQuery_ReturnsWhenTopicFires()
    {
        var query = new BlockingQuery(_hub, _time, 0, new Random(1));
        var index = Math.Max(_store.KvGet("k").Index, 1UL);
        var pending = query.RunAsync(new QueryOptions(index, TimeSpan.FromMinutes(1), "leader", null), [Topics.Kv("k")], () =>
        {
            var (i, _) = _store.KvGet("k");
            return ConsulReply.Empty() with { Index = i };
        }, CancellationToken.None);
        Assert.False(pending.IsCompleted);

        _store.KvWrite((kv, batch) => kv.Set(batch, "k", [1], 0));

        var reply = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(reply.Index > index);
    }

    [Fact]
    public async Task BlockingQuery_TimesOutOnTheClockWithCurrentData()
    {
        var query = new BlockingQuery(_hub, _time, 0, new Random(1));
        var index = Math.Max(_store.KvGet("k").Index, 1UL);
        var pending = query.RunAsync(new QueryOptions(index, TimeSpan.FromSeconds(30), "leader", null), [Topics.Kv("k")], () =>
            ConsulReply.Empty() with { Index = _store.KvGet("k").Index }, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(pending.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));

        var reply = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(index, Math.Max(reply.Index!.Value, 1UL));
    }

    [Fact]
    public async Task BlockingQuery_TimedOut_LeavesNoWatchBehind()
    {
        var query = new BlockingQuery(_hub, _time, 0, new Random(1));
        var pending = query.RunAsync(new QueryOptions(1_000_000_000_000, TimeSpan.FromSeconds(5), "leader", null), [Topics.Kv("idle")], () =>
            ConsulReply.Empty() with { Index = 5 }, CancellationToken.None);
        Assert.Equal(1, _hub.WatchedTopics);

        _time.Advance(TimeSpan.FromSeconds(5));
        await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, _hub.WatchedTopics);
    }

    [Theory]
    [InlineData(0, 300)]
    [InlineData(-5, 300)]
    [InlineData(30, 30)]
    [InlineData(3600, 600)]
    public void Timeout_DefaultsAndCaps(int waitSeconds, int expectedSeconds)
    {
        var query = new BlockingQuery(_hub, _time, 0, new Random(1));
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), query.Timeout(TimeSpan.FromSeconds(waitSeconds)));
    }

    [Fact]
    public void Timeout_JitterStaysBelowFraction()
    {
        var query = new BlockingQuery(_hub, _time, 1.0 / 16, new Random(7));
        for (var i = 0; i < 100; i++)
        {
            var t = query.Timeout(TimeSpan.FromSeconds(160));
            Assert.InRange(t, TimeSpan.FromSeconds(160), TimeSpan.FromSeconds(170) - TimeSpan.FromTicks(1));
        }
    }
}
