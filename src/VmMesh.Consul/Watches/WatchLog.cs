using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Watches;

/// <summary>Watch log events (IDs 2000–2099). No payloads are logged (KV values stay out of logs).</summary>
internal static partial class WatchLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Consul watch {Watch} failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception exception, string watch, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Consul watch {Watch} saw the index go back from {Held} to {Received}; resetting to 0")]
    public static partial void IndexReset(ILogger logger, string watch, ulong held, ulong received);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Consul watch {Watch} is rate limited; next call in {Delay}")]
    public static partial void RateLimited(ILogger logger, string watch, TimeSpan delay);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Consul watch {Watch} recovered after {Failures} failures")]
    public static partial void Recovered(ILogger logger, string watch, int failures);
}
