namespace VmMesh.Consul.Http;

/// <summary>
/// Per-request timeouts (§12): non-blocking calls get the configured timeout; a blocking read may legitimately
/// take wait + wait/16 (server jitter), so it gets that plus a margin — never HttpClient's 100 s default.
/// </summary>
internal static class RequestTimeouts
{
    /// <summary>Consul caps every wait at 10 minutes.</summary>
    public static readonly TimeSpan MaximumWait = TimeSpan.FromMinutes(10);

    public static TimeSpan For(TimeSpan? blockingWait, ConsulClientOptions options)
    {
        if (blockingWait is not { } wait)
        {
            return options.RequestTimeout;
        }

        return wait + (wait / 16) + options.BlockingTimeoutMargin;
    }

    /// <summary>Clamps a wait into (0, 10 min]; non-positive waits fall back to the default.</summary>
    public static TimeSpan ClampWait(TimeSpan? wait, TimeSpan defaultWait)
    {
        var value = wait is { } w && w > TimeSpan.Zero ? w : defaultWait;
        return value > MaximumWait ? MaximumWait : value;
    }
}
