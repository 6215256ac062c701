namespace VmMesh.Consul.Watches;

/// <summary>
/// Tuning of the blocking-query loop (§2.3). Defaults follow Consul's guidance: 5 min waits, a token bucket of two
/// calls refilled every <see cref="MinimumInterval"/> so a churning resource degrades to polling, and capped
/// exponential backoff after errors.
/// </summary>
public sealed record WatchOptions
{
    /// <summary>Maximum wait per blocking call; clamped to Consul's 10 min cap.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Refill period of the rate limiter: at most one call per interval once the burst is spent.</summary>
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Calls allowed back to back before the interval applies.</summary>
    public int Burst { get; init; } = 2;

    /// <summary>Up to this fraction of <see cref="MinimumInterval"/> is added at random when the limiter makes a call wait.</summary>
    public double IntervalJitterFraction { get; init; } = 0.25;

    /// <summary>Backoff after the first failure; doubles per consecutive failure.</summary>
    public TimeSpan ErrorBackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ErrorBackoffMax { get; init; } = TimeSpan.FromMinutes(1);
}
