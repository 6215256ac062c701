using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Consul.Http;
using VmMesh.Consul.Tests.Support;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Tests.Watches;

public sealed class BlockingQueryWatchTests : IAsyncLifetime
{
    private static readonly WatchOptions NoRateLimit = new() { MinimumInterval = TimeSpan.Zero };

    private readonly FakeTimeProvider _time = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly List<Func<Task>> _running = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var stop in _running)
        {
            await stop();
        }
    }

    [Fact]
    public async Task Watch_FirstCall_IndexZeroThenHeldIndexWithWait()
    {
        var query = new ScriptedQuery<string>().Then("a", 5).Then("b", 9);

        var items = await TakeAsync(Create(query), 2);

        Assert.Equal(["a", "b"], items.Select(i => i.Value));
        await Poll.UntilAsync(() => query.Calls.Count == 3, "the third call is blocking");
        Assert.Equal([0UL, 5UL, 9UL], query.Calls.Select(c => c.Index.Value));
        Assert.All(query.Calls, c => Assert.Equal(TimeSpan.FromMinutes(5), c.Wait));
    }

    [Fact]
    public async Task Watch_IndexGoesBackwards_NextRequestUsesIndexZero()
    {
        var query = new ScriptedQuery<string>().Then("a", 10).Then("b", 4).Then("c", 6);

        await TakeAsync(Create(query), 3);

        await Poll.UntilAsync(() => query.Calls.Count == 4, "the fourth call is blocking");
        Assert.Equal([0UL, 10UL, 0UL, 6UL], query.Calls.Select(c => c.Index.Value));
    }

    [Fact]
    public async Task Watch_ServerReportsIndexZero_ClampedToOne()
    {
        var query = new ScriptedQuery<string>().Then("a", 0).Then("b", 0);

        await TakeAsync(Create(query), 2);

        await Poll.UntilAsync(() => query.Calls.Count == 3, "the third call is blocking");
        Assert.Equal([0UL, 1UL, 1UL], query.Calls.Select(c => c.Index.Value));
    }

    [Theory]
    [InlineData(0UL, 0UL, 1UL)]
    [InlineData(0UL, 7UL, 7UL)]
    [InlineData(7UL, 7UL, 7UL)]
    [InlineData(7UL, 9UL, 9UL)]
    [InlineData(9UL, 7UL, 0UL)]
    [InlineData(9UL, 0UL, 1UL)]
    public void NextIndex_Table(ulong held, ulong received, ulong expected)
        => Assert.Equal(new ConsulIndex(expected), BlockingQueryWatch<string>.NextIndex(new ConsulIndex(held), new ConsulIndex(received)));

    [Fact]
    public async Task Watch_UnchangedPayload_NotRedelivered()
    {
        var query = new ScriptedQuery<string>().Then("a", 5).Then("a", 6).Then("a", 6).Then("b", 7);

        var items = await TakeAsync(Create(query), 2);

        Assert.Equal(["a", "b"], items.Select(i => i.Value));
        Assert.Equal(new ConsulIndex(7), items[1].Meta.LastIndex);
        Assert.Equal([0UL, 5UL, 6UL, 6UL], query.Calls.Take(4).Select(c => c.Index.Value));
    }

    [Fact]
    public async Task Watch_Errors_BackoffGrowsJitteredAndIndexKept()
    {
        var query = new ScriptedQuery<string>().Then("a", 5).ThenFail(4).Then("b", 6);

        var items = await TakeAsync(Create(query), 2);

        Assert.Equal(["a", "b"], items.Select(i => i.Value));
        Assert.Equal([0UL, 5UL, 5UL, 5UL, 5UL, 5UL], query.Calls.Take(6).Select(c => c.Index.Value));
        Assert.Equal(4, _delays.Count);
        for (var i = 0; i < 4; i++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Pow(2, i));
            Assert.InRange(_delays[i], ceiling / 2, ceiling);
        }

        Assert.True(_delays.Zip(_delays.Skip(1)).All(pair => pair.Second > pair.First), $"delays must grow: {string.Join(", ", _delays)}");
        Assert.Contains(_delays, d => d != TimeSpan.FromSeconds(1) && d != TimeSpan.FromSeconds(2) && d != TimeSpan.FromSeconds(4) && d != TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Watch_DifferentSeeds_DifferentBackoffJitter()
    {
        var first = await BackoffDelaysAsync(seed: 1);
        var second = await BackoffDelaysAsync(seed: 2);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Watch_ManyErrors_BackoffCapped()
    {
        var query = new ScriptedQuery<string>().ThenFail(12).Then("a", 1);
        var options = NoRateLimit with { ErrorBackoffMax = TimeSpan.FromSeconds(3) };

        await TakeAsync(Create(query, options), 1);

        Assert.Equal(12, _delays.Count);
        Assert.All(_delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
        Assert.All(_delays.Skip(3), d => Assert.InRange(d, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Watch_ChurningResource_RateLimitedAfterBurst()
    {
        var query = new ScriptedQuery<string>().Then("a", 1).Then("b", 2).Then("c", 3).Then("d", 4);
        var options = new WatchOptions { MinimumInterval = TimeSpan.FromSeconds(2), Burst = 2, IntervalJitterFraction = 0.25 };

        await TakeAsync(Create(query, options), 4);

        // Two calls ride the burst; each later call (the 3rd, 4th and the 5th now blocking) waits for a token
        // (≈ 2 s, plus up to 0.5 s jitter).
        Assert.Equal(3, _delays.Count);
        Assert.All(_delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5)));
        Assert.Contains(_delays, d => d != TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Watch_CancelledWhileBlocked_EndsWithoutException()
    {
        var query = new ScriptedQuery<string>().Then("a", 1);
        using var cancellation = new CancellationTokenSource();
        var enumerator = Create(query).WatchAsync(cancellation.Token).GetAsyncEnumerator(CancellationToken.None);

        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        var next = enumerator.MoveNextAsync().AsTask();
        await Poll.UntilAsync(() => query.Calls.Count == 2, "the second call is blocking");
        await cancellation.CancelAsync();

        Assert.False(await next.WaitAsync(TestClient.Timeout));
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task Watch_BackoffRunsOnInjectedClock_CancelDuringBackoffEndsCleanly()
    {
        var query = new ScriptedQuery<string>().Then("a", 1).ThenFail().Then("b", 2).ThenFail();
        var watch = CreateOnClock(query);
        using var cancellation = new CancellationTokenSource();
        var enumerator = watch.WatchAsync(cancellation.Token).GetAsyncEnumerator(CancellationToken.None);

        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
        var next = enumerator.MoveNextAsync().AsTask();
        await Poll.UntilAsync(() => query.Calls.Count == 2, "the failing call happened");
        _time.Advance(TimeSpan.FromMilliseconds(400)); // first backoff is 0.5–1 s
        Assert.Equal(2, query.Calls.Count);
        await Poll.UntilAsync(() => next.IsCompleted, "the backoff elapsed", () => _time.Advance(TimeSpan.FromMilliseconds(100)));
        Assert.True(await next);
        Assert.Equal("b", enumerator.Current.Value);

        next = enumerator.MoveNextAsync().AsTask();
        await Poll.UntilAsync(() => query.Calls.Count == 4, "the second failing call happened");
        await cancellation.CancelAsync();
        Assert.False(await next.WaitAsync(TestClient.Timeout));
    }

    [Fact]
    public async Task Watch_HashMode_SendsLastContentHash()
    {
        var query = new ScriptedQuery<string>().Then("a", 0, hash: "h1").Then("b", 0, hash: "h2");
        var watch = new BlockingQueryWatch<string>(
            query.InvokeAsync, StringComparer.Ordinal, NoRateLimit, _time, new ConsulRandom(new Random(1)), NullLogger.Instance, WatchMode.Hash, QueryOptions.Default, "test");

        await TakeAsync(watch, 2);

        await Poll.UntilAsync(() => query.Calls.Count == 3, "the third call is blocking");
        Assert.Equal([null, "h1", "h2"], query.Calls.Select(c => c.Hash));
        Assert.All(query.Calls, c => Assert.True(c.Index.IsZero));
    }

    [Fact]
    public async Task PublicConstructor_DefaultComparer_Works()
    {
        var query = new ScriptedQuery<int>().Then(1, 3).Then(1, 4).Then(2, 5);
        var watch = new BlockingQueryWatch<int>(query.InvokeAsync, options: NoRateLimit, timeProvider: _time, random: new Random(3));

        var items = new List<int>();
        using var cancellation = new CancellationTokenSource();
        await foreach (var item in watch.WatchAsync(cancellation.Token).WithCancellation(CancellationToken.None))
        {
            items.Add(item.Value);
            if (items.Count == 2)
            {
                await cancellation.CancelAsync();
            }
        }

        Assert.Equal([1, 2], items);
    }

    private async Task<List<TimeSpan>> BackoffDelaysAsync(int seed)
    {
        _delays.Clear();
        var query = new ScriptedQuery<string>().ThenFail(3).Then("a", 1);
        await TakeAsync(Create(query, seed: seed), 1);
        return [.. _delays];
    }

    private BlockingQueryWatch<string> Create(ScriptedQuery<string> query, WatchOptions? options = null, int seed = 7)
    {
        var watch = new BlockingQueryWatch<string>(
            query.InvokeAsync, StringComparer.Ordinal, options ?? NoRateLimit, _time, new ConsulRandom(new Random(seed)), NullLogger.Instance, WatchMode.Index, QueryOptions.Default, "test");
        watch.Delay = (delay, _) =>
        {
            lock (_delays)
            {
                _delays.Add(delay);
            }

            _time.Advance(delay);
            return Task.CompletedTask;
        };
        return watch;
    }

    private BlockingQueryWatch<string> CreateOnClock(ScriptedQuery<string> query)
        => new(query.InvokeAsync, StringComparer.Ordinal, NoRateLimit, _time, new ConsulRandom(new Random(7)), NullLogger.Instance, WatchMode.Index, QueryOptions.Default, "test");

    private async Task<List<QueryResult<T>>> TakeAsync<T>(BlockingQueryWatch<T> watch, int count)
    {
        var items = new List<QueryResult<T>>();
        var cancellation = new CancellationTokenSource();
        var enumerator = watch.WatchAsync(cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        while (items.Count < count)
        {
            Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestClient.Timeout));
            items.Add(enumerator.Current);
        }

        // Let the loop run into its next (blocking) call so tests can inspect it; DisposeAsync stops it.
        var pending = enumerator.MoveNextAsync().AsTask();
        _running.Add(async () =>
        {
            await cancellation.CancelAsync();
            await pending.WaitAsync(TestClient.Timeout);
            await enumerator.DisposeAsync();
            cancellation.Dispose();
        });
        return items;
    }
}
