using VmMesh.Sidecar.Discovery;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// Mutable runtime data of one peer endpoint: requests in flight (for power-of-two-choices) and passive health
/// (consecutive failures and until when it is left out). Updated with interlocked operations from any request.
/// </summary>
internal sealed class DestinationState(EndpointAddress address)
{
    private int _inFlight;
    private int _consecutiveFailures;
    private long _ejectedUntilTicks;

    public EndpointAddress Address { get; } = address;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool IsEjected(DateTimeOffset now) => now.UtcTicks < Volatile.Read(ref _ejectedUntilTicks);

    public void Begin() => Interlocked.Increment(ref _inFlight);

    public void End() => Interlocked.Decrement(ref _inFlight);

    public void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    /// <summary>Counts a connect failure or timeout; after <paramref name="threshold"/> in a row the endpoint is left out for <paramref name="ejection"/>.</summary>
    public void Failed(DateTimeOffset now, int threshold, TimeSpan ejection)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) >= threshold)
        {
            Volatile.Write(ref _ejectedUntilTicks, (now + ejection).UtcTicks);
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }
}
