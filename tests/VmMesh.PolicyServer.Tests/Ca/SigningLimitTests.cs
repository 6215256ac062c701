using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Ca;

public sealed class SigningLimitTests(LimitedFixture server) : IClassFixture<LimitedFixture>
{
    [Fact]
    public async Task Sign_PastTheTokenBucket_Returns429WithRetryAfterUntilRefilled()
    {
        var token = await server.CreateTokenAsync("\"web\"", maxUses: 5);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();
        var body = Csr.SignBody(Csr.For(key));

        var first = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", body, token);
        var second = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", body, token);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var third = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", body, token);

        Assert.True(first.Status == 200, first.ToString());
        Assert.Equal((429, "signing is rate limited: too many certificate requests; retry after the Retry-After delay"), (second.Status, second.Error));
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        Assert.Equal(200, third.Status);
        var list = await client.GetAsync("/v1/tokens", server.AdminToken);
        Assert.Equal(3, list.Json.EnumerateArray().Single(t => token.StartsWith(t.GetProperty("id").GetString()!, StringComparison.Ordinal)).GetProperty("remainingUses").GetInt32());
    }

    [Fact]
    public void TokenBucket_Burst_ThenRefillsAtTheRateOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var bucket = new SigningTokenBucket(ratePerSecond: 10, burst: 2, time);

        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(100), retryAfter);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(bucket.TryTake(out _));
        time.Advance(TimeSpan.FromHours(1));
        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out _));
    }

    [Fact]
    public async Task Limiter_PastTheConcurrencyCap_Refuses429()
    {
        using var limiter = new SigningLimiter(new SigningLimits { RatePerSecond = 100, Burst = 100, Concurrency = 2, QueueLength = 1 }, new FakeTimeProvider());
        using var a = await limiter.AcquireAsync(CancellationToken.None);
        using var b = await limiter.AcquireAsync(CancellationToken.None);
        var queued = limiter.AcquireAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ApiException>(() => limiter.AcquireAsync(CancellationToken.None));

        Assert.Equal(429, refused.StatusCode);
        Assert.Equal("signing is overloaded: too many certificate requests in progress; retry after the Retry-After delay", refused.Message);
        Assert.False(queued.IsCompleted);
        a.Dispose();
        (await queued.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
