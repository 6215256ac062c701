using VmMesh.Consul.Http;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Http;

public sealed class TimeoutTests
{
    [Fact]
    public void For_NonBlocking_UsesRequestTimeout()
    {
        var options = new ConsulClientOptions { RequestTimeout = TimeSpan.FromSeconds(7) };

        Assert.Equal(TimeSpan.FromSeconds(7), RequestTimeouts.For(null, options));
    }

    [Theory]
    [InlineData(80, 95)]      // 80 s + 5 s jitter allowance + 10 s margin
    [InlineData(300, 328.75)] // 5 min + 18.75 s + 10 s
    [InlineData(600, 647.5)]  // 10 min + 37.5 s + 10 s
    public void For_Blocking_WaitPlusSixteenthPlusMargin(double waitSeconds, double expectedSeconds)
    {
        var options = new ConsulClientOptions { BlockingTimeoutMargin = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RequestTimeouts.For(TimeSpan.FromSeconds(waitSeconds), options));
    }

    [Fact]
    public async Task NonBlockingRequest_NoAnswer_TimesOutOnInjectedClock()
    {
        using var test = new TestClient(maxRetries: 0);
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);

        var call = test.Client.Catalog.NodesAsync();
        await Poll.UntilAsync(() => test.Handler.Count == 1, "the request reached the handler");
        test.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        test.Time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TestClient.Timeout));
        Assert.Equal(
            "Consul did not answer GET /v1/catalog/nodes within 30 s; check that http://consul.test:8500/ is reachable or raise ConsulClientOptions.RequestTimeout.",
            error.Message);
    }

    [Fact]
    public async Task BlockingRequest_OutlivesRequestTimeout_UntilWaitPlusJitterPlusMargin()
    {
        using var test = new TestClient(maxRetries: 0);
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);

        var call = test.Client.Catalog.NodesAsync(new QueryOptions { Index = new ConsulIndex(5), Wait = TimeSpan.FromSeconds(64) });
        await Poll.UntilAsync(() => test.Handler.Count == 1, "the request reached the handler");
        test.Time.Advance(TimeSpan.FromSeconds(77)); // 64 + 4 + 10 = 78 s
        Assert.False(call.IsCompleted);
        test.Time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TestClient.Timeout));
    }

    [Fact]
    public async Task Request_CallerCancels_OperationCanceledNotTimeout()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, token) => Replies.HangAsync(token);
        using var cancellation = new CancellationTokenSource();

        var call = test.Client.Catalog.NodesAsync(cancellationToken: cancellation.Token);
        await Poll.UntilAsync(() => test.Handler.Count == 1, "the request reached the handler");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TestClient.Timeout));
        Assert.Equal(1, test.Handler.Count);
    }

    [Fact]
    public async Task IdempotentRead_TimesOut_RetriedAsTransient()
    {
        using var test = new TestClient(maxRetries: 1);
        test.Handler.Enqueue((_, token) => Replies.HangAsync(token)).Enqueue(() => Replies.Json("[]", 4));

        var call = test.Client.Catalog.NodesAsync();
        await Poll.UntilAsync(() => test.Handler.Count == 1, "the first attempt reached the handler");
        test.Time.Advance(TimeSpan.FromSeconds(30));

        var result = await call.WaitAsync(TestClient.Timeout);
        Assert.Equal(new ConsulIndex(4), result.Meta.LastIndex);
        Assert.Equal(2, test.Handler.Count);
    }
}
