namespace VmMesh.Consul.Watches;

/// <summary>
/// A token bucket on the injected clock: <c>burst</c> calls back to back, then one per refill period. Used so that a
/// resource that changes constantly turns a watch into polling instead of a hot loop. Not thread-safe (one per watch).
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly TimeSpan _refillPeriod;
    private readonly TimeProvider _timeProvider;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(int burst, TimeSpan refillPeriod, TimeProvider timeProvider)
    {
        _capacity = Math.Max(1, burst);
        _refillPeriod = refillPeriod;
        _timeProvider = timeProvider;
        _tokens = _capacity;
        _lastTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>Takes a token and returns zero, or returns how long until one is available (and takes nothing).</summary>
    public TimeSpan TryTake()
    {
        if (_refillPeriod <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastTimestamp, now);
        _lastTimestamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed / _refillPeriod));
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return TimeSpan.Zero;
        }

        var missing = _refillPeriod * (1 - _tokens);
        return missing > TimeSpan.Zero ? missing : TimeSpan.FromTicks(1);
    }
}
