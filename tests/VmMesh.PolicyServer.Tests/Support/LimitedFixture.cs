using VmMesh.PolicyServer.Ca;

namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>A server whose signing limiter allows one sign per second with a burst of one (refilled on the fake clock).</summary>
public sealed class LimitedFixture : ServerFixture
{
    internal override SigningLimits Signing => new() { RatePerSecond = 1, Burst = 1, Concurrency = 1, QueueLength = 0 };
}
