using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Locks;

/// <summary>Leader-election log events (IDs 3000–3099). Session IDs and key values are not logged.</summary>
internal static partial class LeaderElectionLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Acquired leadership of {Key} with fencing token {FencingToken}")]
    public static partial void Acquired(ILogger logger, string key, ulong fencingToken);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Lost leadership of {Key}: {Reason}")]
    public static partial void Lost(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Released leadership of {Key}")]
    public static partial void Released(ILogger logger, string key);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Leader election on {Key} failed; retrying in {Delay}")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string key, TimeSpan delay);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Renewing the session of {Key} failed; {Remaining} left before leadership must be assumed lost")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string key, TimeSpan remaining);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Session of {Key} is gone; creating a new one")]
    public static partial void SessionGone(ILogger logger, string key);
}
