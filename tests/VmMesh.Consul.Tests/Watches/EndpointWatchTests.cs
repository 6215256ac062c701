using System.Net;
using System.Text;
using VmMesh.Consul.Health;
using VmMesh.Consul.Tests.Support;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Tests.Watches;

/// <summary>The typed watches end to end over the fake handler: request shapes, 404 as a value, dedup.</summary>
public sealed class EndpointWatchTests
{
    private static readonly WatchOptions NoRateLimit = new() { MinimumInterval = TimeSpan.Zero, Wait = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task HealthWatchService_PassingOnly_BlocksWithIndexAndSkipsUnchanged()
    {
        using var test = new TestClient(watch: NoRateLimit);
        const string one = """[{"Node":{"Node":"n","Address":"10.0.0.1"},"Service":{"ID":"api-1","Service":"api","Port":80},"Checks":[]}]""";
        const string two = """[{"Node":{"Node":"n","Address":"10.0.0.1"},"Service":{"ID":"api-1","Service":"api","Port":80},"Checks":[]},{"Node":{"Node":"n","Address":"10.0.0.1"},"Service":{"ID":"api-2","Service":"api","Port":81},"Checks":[]}]""";
        test.Handler
            .Enqueue(() => Replies.Json(one, 5))
            .Enqueue(() => Replies.Json(one, 6))
            .Enqueue(() => Replies.Json(two, 7));
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);
        using var cancellation = new CancellationTokenSource();

        var seen = new List<IReadOnlyList<ServiceEntry>>();
        var enumerator = test.Client.Health.WatchService("api", new HealthQuery { PassingOnly = true }, cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        while (seen.Count < 2)
        {
            Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
            seen.Add(enumerator.Current.Value);
        }

        var last = enumerator.MoveNextAsync().AsTask();
        await Poll.UntilAsync(() => test.Handler.Count == 4, "the watch blocks again");
        await cancellation.CancelAsync();
        Assert.False(await last.WaitAsync(TestClient.Timeout));

        Assert.Equal([1, 2], seen.Select(s => s.Count));
        Assert.Equal(
            [
                "/v1/health/service/api?passing",
                "/v1/health/service/api?passing&index=5&wait=300000ms",
                "/v1/health/service/api?passing&index=6&wait=300000ms",
                "/v1/health/service/api?passing&index=7&wait=300000ms",
            ],
            test.Handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task KvWatch_MissingThenCreated_DeliversNullThenPair()
    {
        using var test = new TestClient(watch: NoRateLimit);
        test.Handler
            .Enqueue(() => Replies.Text(HttpStatusCode.NotFound, string.Empty, 3))
            .Enqueue(() => Replies.Json("""[{"Key":"cfg","Value":"djE=","ModifyIndex":4,"CreateIndex":4}]""", 4));
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);
        using var cancellation = new CancellationTokenSource();

        var enumerator = test.Client.KV.Watch("cfg", cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        Assert.Null(enumerator.Current.Value);
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        Assert.Equal("v1", Encoding.UTF8.GetString(enumerator.Current.Value!.Value!));
        await cancellation.CancelAsync();
        await enumerator.DisposeAsync();

        Assert.Equal("/v1/kv/cfg?index=3&wait=300000ms", test.Handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task KvWatchPrefix_Recurse_DeliversList()
    {
        using var test = new TestClient(watch: NoRateLimit);
        test.Handler.Enqueue(() => Replies.Json("""[{"Key":"p/a","Value":null},{"Key":"p/b","Value":null}]""", 9));
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);
        using var cancellation = new CancellationTokenSource();

        var enumerator = test.Client.KV.WatchPrefix("p/", cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        Assert.Equal(["p/a", "p/b"], enumerator.Current.Value.Select(p => p.Key));
        await cancellation.CancelAsync();
        await enumerator.DisposeAsync();

        Assert.Equal("/v1/kv/p/?recurse", test.Handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task AgentWatchService_HashBlocking_SendsContentHash()
    {
        using var test = new TestClient(watch: NoRateLimit);
        test.Handler.Enqueue(() =>
        {
            var response = Replies.Json("""{"ID":"web-1","Service":"web","ContentHash":"abc"}""");
            response.Headers.TryAddWithoutValidation("X-Consul-Contenthash", "abc");
            return response;
        });
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);
        using var cancellation = new CancellationTokenSource();

        var enumerator = test.Client.Agent.WatchService("web-1", cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        var next = enumerator.MoveNextAsync().AsTask();
        await Poll.UntilAsync(() => test.Handler.Count == 2, "the watch blocks on the hash");
        await cancellation.CancelAsync();
        Assert.False(await next.WaitAsync(TestClient.Timeout));

        Assert.Equal("/v1/agent/service/web-1?hash=abc&wait=300000ms", test.Handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task GenericWatch_ClientFactory_UsesClientWatchOptions()
    {
        using var test = new TestClient(watch: NoRateLimit);
        test.Handler.Enqueue(() => Replies.Json("""[{"ID":"s1"}]""", 2)).Enqueue(() => Replies.Json("""[{"ID":"s1"},{"ID":"s2"}]""", 3));
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);
        using var cancellation = new CancellationTokenSource();

        var watch = test.Client.Watch((options, token) => test.Client.Sessions.ListAsync(options, token), new CountComparer());
        var enumerator = watch.WatchAsync(cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        Assert.Equal(2, enumerator.Current.Value.Count);
        await cancellation.CancelAsync();
        await enumerator.DisposeAsync();

        Assert.Equal("/v1/session/list?index=2&wait=300000ms", test.Handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task Watch_ClientDisposed_StreamEndsWithObjectDisposed()
    {
        var test = new TestClient(watch: NoRateLimit);
        test.Handler.Enqueue(() => Replies.Json("[]", 2));
        var enumerator = test.Client.KV.WatchPrefix("p/", CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));

        test.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
    }

    private sealed class CountComparer : IEqualityComparer<IReadOnlyList<VmMesh.Consul.Sessions.SessionEntry>>
    {
        public bool Equals(IReadOnlyList<VmMesh.Consul.Sessions.SessionEntry>? x, IReadOnlyList<VmMesh.Consul.Sessions.SessionEntry>? y) => x?.Count == y?.Count;

        public int GetHashCode(IReadOnlyList<VmMesh.Consul.Sessions.SessionEntry> obj) => obj.Count;
    }
}
