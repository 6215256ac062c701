using VmMesh.Consul.ContractTests.Fixtures;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>
/// Durations that each target accepts: the dev server runs with fast timers (see <see cref="ConsulFixture.DevOptions"/>),
/// real Consul enforces its minimums (session TTL ≥ 10 s, DeregisterCriticalServiceAfter ≥ 1 min, reaper every 30 s).
/// Deadlines are generous because the machine is shared; they bound a hang, they do not measure speed.
/// </summary>
public sealed record ContractTimings(
    string SessionTtl,
    string LockDelay,
    TimeSpan LockDelaySpan,
    TimeSpan SessionExpiryDeadline,
    string DeregisterCriticalAfter,
    TimeSpan ReaperDeadline,
    string CheckInterval,
    TimeSpan CheckDeadline)
{
    public static ContractTimings For(ConsulHttp http) => http.IsDevServer
        ? new("2s", "4s", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15), "1s", TimeSpan.FromSeconds(20), "250ms", TimeSpan.FromSeconds(15))
        : new("10s", "8s", TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(45), "1m", TimeSpan.FromSeconds(150), "1s", TimeSpan.FromSeconds(30));
}
