using System.Threading.RateLimiting;
using VmMesh.PolicyServer.Http;

namespace VmMesh.PolicyServer.Ca;

/// <summary>
/// Guards signing with a token bucket (rate and burst) and a concurrency cap with a bounded queue, so a root
/// rotation that makes every sidecar ask at once degrades into a queue and 429s with Retry-After, not an outage.
/// The bucket is refilled by a timer on the injected clock, so tests control it.
/// </summary>
internal sealed class SigningLimiter : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly TokenBucketRateLimiter _bucket;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly ITimer _refill;

    public SigningLimiter(SigningLimits limits, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.RatePerSecond,
            ReplenishmentPeriod = Period,
            AutoReplenishment = false,
            QueueLimit = 0,
        });
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.Concurrency,
            QueueLimit = limits.QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _refill = timeProvider.CreateTimer(_ => _bucket.TryReplenish(), null, Period, Period);
    }

    /// <summary>A permit to sign, or 429 with Retry-After; dispose the permit when done.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        using (var token = _bucket.AttemptAcquire(1))
        {
            if (!token.IsAcquired)
            {
                throw new ApiException(StatusCodes.Status429TooManyRequests, "signing is rate limited: too many certificate requests; retry after the Retry-After delay", Period);
            }
        }

        var permit = await _concurrency.AcquireAsync(1, cancellationToken);
        if (!permit.IsAcquired)
        {
            permit.Dispose();
            throw new ApiException(StatusCodes.Status429TooManyRequests, "signing is overloaded: too many certificate requests in progress; retry after the Retry-After delay", Period);
        }

        return permit;
    }

    public void Dispose()
    {
        _refill.Dispose();
        _bucket.Dispose();
        _concurrency.Dispose();
    }
}
