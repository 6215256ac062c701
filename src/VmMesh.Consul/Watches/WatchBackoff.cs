using VmMesh.Consul.Http;

namespace VmMesh.Consul.Watches;

/// <summary>
/// Delay after the n-th consecutive failure: exponential from the base, capped, with "equal jitter" — a random point
/// in [d/2, d] — so many watchers that failed together do not retry together.
/// </summary>
internal sealed class WatchBackoff(TimeSpan baseDelay, TimeSpan maxDelay, ConsulRandom random)
{
    public TimeSpan Ceiling(int failures)
    {
        var exponent = Math.Min(Math.Max(failures, 1) - 1, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public TimeSpan Delay(int failures)
    {
        var ceiling = Ceiling(failures);
        var half = ceiling / 2;
        return half + (half * random.NextDouble());
    }
}
