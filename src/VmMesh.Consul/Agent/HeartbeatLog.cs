using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Agent;

/// <summary>Heartbeat log events (IDs 1100–1199).</summary>
internal static partial class HeartbeatLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Consul forgot the TTL check of {ServiceId} ({StatusCode}); registering again")]
    public static partial void Reregistering(ILogger logger, string serviceId, int statusCode);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Heartbeat of {ServiceId} failed; retrying in {Delay}")]
    public static partial void BeatFailed(ILogger logger, Exception exception, string serviceId, TimeSpan delay);
}
