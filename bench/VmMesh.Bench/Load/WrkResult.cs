namespace VmMesh.Bench.Load;

/// <summary>
/// What one measured wrk run reported (its Lua <c>done</c> hook): requests completed, the run's real duration,
/// exact latency percentiles from wrk's histogram, and errors. <see cref="HttpErrors"/> counts responses with a
/// status of 400 or more (wrk's "status" errors; nothing here answers 3xx, so it is the non-2xx count).
/// </summary>
internal sealed record WrkResult(
    long Requests,
    TimeSpan Duration,
    long Bytes,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    long HttpErrors,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long Timeouts)
{
    public double RequestsPerSecond => Duration > TimeSpan.Zero ? Requests / Duration.TotalSeconds : 0;

    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}
