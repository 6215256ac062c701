using Microsoft.Extensions.Time.Testing;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Tests.Blocking;

/// <summary>Thousands of blocked sidecars: one write wakes exactly the one whose answer changed.</summary>
public sealed class ManyWatchersTests
{
    [Fact]
    public async Task OneKeyWrite_AmongThousandWatchers_WakesOnlyItsWatcher()
    {
        var hub = new WatchHub();
        var time = new FakeTimeProvider();
        var store = new StateStore(hub, time, "id", "node-a", "127.0.0.1", "dc1", "1.21.4");
        var query = new BlockingQuery(hub, time, 0, new Random(1));
        var evaluations = new int[1000];
        var pending = Enumerable.Range(0, 1000).Select(i =>
        {
            var key = $"svc/{i}/config";
            return query.RunAsync(new QueryOptions(Math.Max(store.KvGet(key).Index, 1), TimeSpan.FromMinutes(5), "leader", null), [Topics.Kv(key)], () =>
            {
                Interlocked.Increment(ref evaluations[i]);
                return ConsulReply.Empty() with { Index = store.KvGet(key).Entry?.ModifyIndex ?? 1 };
            }, CancellationToken.None);
        }).ToArray();
        Assert.Equal(1000, hub.WatchedTopics);

        store.KvWrite((kv, batch) => kv.Set(batch, "svc/500/config", [1], 0));

        await pending[500].WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, hub.TotalWakeUps);
        Assert.Equal(999, pending.Count(p => !p.IsCompleted));
        Assert.Equal(2, evaluations[500]);
        Assert.Equal(1, evaluations[499]);

        time.Advance(TimeSpan.FromMinutes(5));
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, hub.WatchedTopics);
    }
}
