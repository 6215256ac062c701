using System.Threading.RateLimiting;
using VmMesh.PolicyServer.Http;

namespace VmMesh.PolicyServer.Ca;

/// <summary>
/// Guards signing with a token bucket (rate and burst, on the injected clock) and a concurrency cap with a bounded
/// queue (System.Threading.RateLimiting's ConcurrencyLimiter), so a root rotation that makes every sidecar ask at
/// once degrades into a queue and 429s with Retry-After, not an outage.
/// </summary>
internal sealed class SigningLimiter : IDisposable
{
    private readonly SigningTokenBucket _bucket;
    private readonly ConcurrencyLimiter _concurrency;

    public SigningLimiter(SigningLimits limits, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _bucket = new SigningTokenBucket(limits.RatePerSecond, limits.Burst, timeProvider);
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.Concurrency,
            QueueLimit = limits.QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A permit to sign, or 429 with Retry-After; dispose the permit when done.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        if (!_bucket.TryTake(out var retryAfter))
        {
            throw new ApiException(StatusCodes.Status429TooManyRequests, "signing is rate limited: too many certificate requests; retry after the Retry-After delay", retryAfter);
        }

        var permit = await _concurrency.AcquireAsync(1, cancellationToken);
        if (!permit.IsAcquired)
        {
            permit.Dispose();
            throw new ApiException(StatusCodes.Status429TooManyRequests, "signing is overloaded: too many certificate requests in progress; retry after the Retry-After delay", TimeSpan.FromSeconds(1));
        }

        return permit;
    }

    public void Dispose() => _concurrency.Dispose();
}
