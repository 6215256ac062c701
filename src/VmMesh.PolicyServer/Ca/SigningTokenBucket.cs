namespace VmMesh.PolicyServer.Ca;

/// <summary>
/// A token bucket on the injected clock: <c>burst</c> tokens, refilled continuously at <c>rate</c> per second.
/// System.Threading.RateLimiting's TokenBucketRateLimiter reads the real clock even when replenished by hand, so
/// limits could not be tested without sleeping; this one is a few lines and fully deterministic. Thread-safe.
/// </summary>
internal sealed class SigningTokenBucket(int ratePerSecond, int burst, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _last = timeProvider.GetTimestamp();

    /// <summary>Takes one token; otherwise returns how long until one is available.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = timeProvider.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (timeProvider.GetElapsedTime(_last, now).TotalSeconds * ratePerSecond));
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / ratePerSecond);
            return false;
        }
    }
}
