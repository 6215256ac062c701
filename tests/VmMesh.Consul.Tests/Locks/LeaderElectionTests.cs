using System.Net;
using VmMesh.Consul.Locks;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Locks;

/// <summary>The §8.3 helper against a routed fake Consul; time moves only when the test advances the fake clock.</summary>
public sealed class LeaderElectionTests : IDisposable
{
    private const string Key = "vmmesh/leader/policy";
    private readonly TestClient _test = new();
    private readonly List<(DateTimeOffset At, RecordedRequest Request)> _log = [];
    private readonly Lock _gate = new();

    public LeaderElectionTests()
    {
        Create = _ => Replies.Json("""{"ID":"s-1"}""");
        Renew = _ => Replies.Json("""[{"ID":"s-1","TTL":"15s"}]""");
        Acquire = _ => Replies.True();
        KeyRead = _ => Replies.Json("""[{"Key":"vmmesh/leader/policy","Session":"s-1","LockIndex":7,"ModifyIndex":20,"Value":"bWU="}]""", 20);
        _test.Handler.Fallback = RouteAsync;
    }

    private Func<int, HttpResponseMessage> Create { get; set; }

    private Func<int, HttpResponseMessage> Renew { get; set; }

    private Func<int, HttpResponseMessage> Acquire { get; set; }

    private Func<int, HttpResponseMessage> KeyRead { get; set; }

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task Acquire_Success_SessionPerRecipeAndFencingToken()
    {
        var election = NewElection();

        await using var lease = await election.AcquireAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal(7UL, lease.FencingToken);
        Assert.Equal("s-1", lease.SessionId);
        Assert.False(lease.Lost.IsCancellationRequested);
        var create = Requests("/v1/session/create").Single();
        Assert.Equal("""{"Name":"vmmesh-leader","TTL":"15s","LockDelay":"5s","Behavior":"release","NodeChecks":[]}""", create.BodyText);
        var acquire = Requests("/v1/kv/vmmesh/leader/policy").First(r => r.Method == HttpMethod.Put);
        Assert.Equal("/v1/kv/vmmesh/leader/policy?flags=3304740253564472344&acquire=s-1", acquire.PathAndQuery);
        Assert.Equal("me", acquire.BodyText);
    }

    [Fact]
    public async Task SessionCreateRejected_RetriesAfterTheRetryDelayInsteadOfSpinning()
    {
        // Consul's answer to a TTL below its minimum says "Invalid session TTL": it is not a lost session, and must not
        // be retried at once (that spun against Consul without a log line) but after the retry delay, like any failure.
        Create = n => n < 3
            ? Replies.Text(HttpStatusCode.BadRequest, "Invalid session TTL '2s', must be between [10s=24h0m0s]")
            : Replies.Json("""{"ID":"s-1"}""");
        var acquiring = NewElection().AcquireAsync();

        await Poll.UntilAsync(() => acquiring.IsCompleted, "leadership after the third create", () => _test.Time.Advance(TimeSpan.FromSeconds(1)));
        await using var lease = await acquiring;

        // Each retry waited for the (fake) clock: a spinning loop would have made all three at the same instant.
        List<DateTimeOffset> creates;
        lock (_gate)
        {
            creates = [.. _log.Where(l => l.Request.Path == "/v1/session/create").Select(l => l.At)];
        }

        Assert.Equal(3, creates.Count);
        Assert.All(creates.Zip(creates.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1), $"{pair.First:O} then {pair.Second:O}"));
    }

    [Fact]
    public async Task Renew404_LostFiresImmediately()
    {
        Renew = _ => Replies.Text(HttpStatusCode.NotFound, "Session id 's-1' not found");
        var lease = await NewElection().AcquireAsync().WaitAsync(TestClient.Timeout);

        await Poll.UntilAsync(() => lease.Lost.IsCancellationRequested, "leadership is lost", () => _test.Time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("Consul no longer knows the session (renew answered 404)", lease.LostReason);
        Assert.NotEmpty(Requests("/v1/session/renew/s-1"));
        await lease.ReleaseAsync();
    }

    [Fact]
    public async Task KeyHeldByAnotherSession_LostFires()
    {
        KeyRead = count => count == 1
            ? Replies.Json("""[{"Key":"vmmesh/leader/policy","Session":"s-1","LockIndex":7,"ModifyIndex":20}]""", 20)
            : Replies.Json("""[{"Key":"vmmesh/leader/policy","Session":"s-2","LockIndex":8,"ModifyIndex":25}]""", 25);
        var lease = await NewElection().AcquireAsync().WaitAsync(TestClient.Timeout);

        await Poll.UntilAsync(() => lease.Lost.IsCancellationRequested, "leadership is lost", () => _test.Time.Advance(TimeSpan.FromMilliseconds(500)));

        Assert.Equal("the lock key is no longer held by this session", lease.LostReason);
        Assert.Contains(Requests("/v1/kv/vmmesh/leader/policy"), r => r.Method == HttpMethod.Get && r.Query("consistent") is not null);
        await lease.ReleaseAsync();
    }

    [Fact]
    public async Task Renew_ServerReturnsLongerTtl_NextRenewAtHalfOfIt()
    {
        Renew = _ => Replies.Json("""[{"ID":"s-1","TTL":"60s"}]""");
        await using var lease = await NewElection().AcquireAsync().WaitAsync(TestClient.Timeout);

        await Poll.UntilAsync(() => Requests("/v1/session/renew/s-1").Count >= 2, "two renewals", () => _test.Time.Advance(TimeSpan.FromSeconds(1)));

        var renewals = Logged("/v1/session/renew/s-1");
        Assert.True(renewals[0].At - Start >= TimeSpan.FromSeconds(7.5), "first renew at TTL/2 of the requested 15 s");
        Assert.True(renewals[1].At - renewals[0].At >= TimeSpan.FromSeconds(30), $"second renew at TTL/2 of the returned 60 s, was {renewals[1].At - renewals[0].At}");
        Assert.False(lease.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task Release_ReleasesKeyDestroysSessionAndFiresLost()
    {
        var lease = await NewElection().AcquireAsync().WaitAsync(TestClient.Timeout);

        await lease.ReleaseAsync().AsTask().WaitAsync(TestClient.Timeout);

        Assert.True(lease.Lost.IsCancellationRequested);
        Assert.Equal("released", lease.LostReason);
        Assert.Contains(Requests("/v1/kv/vmmesh/leader/policy"), r => r.Method == HttpMethod.Put && r.Query("release") == "s-1");
        Assert.Single(Requests("/v1/session/destroy/s-1"));
    }

    [Fact]
    public async Task AcquireRefused_KeyFree_RetriesAfterRetryDelay()
    {
        Acquire = count => count == 1 ? Replies.False() : Replies.True();
        KeyRead = count => count == 1
            ? Replies.Text(HttpStatusCode.NotFound, string.Empty, 19)
            : Replies.Json("""[{"Key":"vmmesh/leader/policy","Session":"s-1","LockIndex":3,"ModifyIndex":20}]""", 20);

        var acquiring = NewElection().AcquireAsync();
        await Poll.UntilAsync(() => acquiring.IsCompleted, "leadership after lock-delay", () => _test.Time.Advance(TimeSpan.FromSeconds(1)));
        await using var lease = await acquiring;

        var acquires = Logged("/v1/kv/vmmesh/leader/policy").Where(r => r.Request.Method == HttpMethod.Put).ToList();
        Assert.Equal(2, acquires.Count);
        Assert.True(acquires[1].At - acquires[0].At >= TimeSpan.FromSeconds(5), "retry waits RetryDelay while lock-delay holds");
        Assert.Equal(3UL, lease.FencingToken);
    }

    [Fact]
    public async Task Acquire_Cancelled_ThrowsAndDestroysSession()
    {
        Acquire = _ => Replies.False();
        KeyRead = count => count == 1
            ? Replies.Json("""[{"Key":"vmmesh/leader/policy","Session":"other","LockIndex":1,"ModifyIndex":10}]""", 10)
            : throw new InvalidOperationException("routed elsewhere");
        using var cancellation = new CancellationTokenSource();

        var acquiring = NewElection().AcquireAsync(cancellation.Token);
        await Poll.UntilAsync(() => Requests("/v1/kv/vmmesh/leader/policy").Any(r => r.Query("index") == "10"), "the follower blocks on the key");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquiring.WaitAsync(TestClient.Timeout));
        Assert.Single(Requests("/v1/session/destroy/s-1"));
    }

    private DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ConsulLeaderElection NewElection()
        => new(_test.Client, new LeaderElectionOptions { Key = Key, Value = "me"u8.ToArray() });

    private List<RecordedRequest> Requests(string path) => [.. Logged(path).Select(l => l.Request)];

    private List<(DateTimeOffset At, RecordedRequest Request)> Logged(string path)
    {
        lock (_gate)
        {
            return [.. _log.Where(l => l.Request.Path == path)];
        }
    }

    private async Task<HttpResponseMessage> RouteAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        int count;
        lock (_gate)
        {
            _log.Add((_test.Time.GetUtcNow(), request));
            count = _log.Count(l => l.Request.Path == request.Path && l.Request.Method == request.Method);
        }

        if (request.Path == "/v1/session/create")
        {
            return Create(count);
        }

        if (request.Path.StartsWith("/v1/session/renew/", StringComparison.Ordinal))
        {
            return Renew(count);
        }

        if (request.Path.StartsWith("/v1/session/destroy/", StringComparison.Ordinal))
        {
            return Replies.True();
        }

        if (request.Path == "/v1/kv/" + Key && request.Method == HttpMethod.Put)
        {
            return request.Query("release") is not null ? Replies.True() : Acquire(count);
        }

        if (request.Path == "/v1/kv/" + Key && request.Method == HttpMethod.Get)
        {
            try
            {
                return KeyRead(count);
            }
            catch (InvalidOperationException)
            {
                return await Replies.HangAsync(cancellationToken);
            }
        }

        throw new InvalidOperationException($"unexpected {request.Method} {request.PathAndQuery}");
    }
}
