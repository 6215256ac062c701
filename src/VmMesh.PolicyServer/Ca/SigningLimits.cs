namespace VmMesh.PolicyServer.Ca;

/// <summary>Limits of <see cref="SigningLimiter"/>: defaults 200 signs/s with bursts of 400, 32 at once, 256 queued.</summary>
internal sealed record SigningLimits
{
    public int RatePerSecond { get; init; } = 200;

    public int Burst { get; init; } = 400;

    public int Concurrency { get; init; } = 32;

    public int QueueLength { get; init; } = 256;
}
