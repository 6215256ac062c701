using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Http;

/// <summary>Transport log events (IDs 1000–1099). Paths hide KV keys; tokens and bodies are never logged.</summary>
internal static partial class ConsulClientLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Consul answered {Method} /{Path} with {StatusCode}")]
    public static partial void UnsuccessfulResponse(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Consul did not answer {Method} /{Path} within {Timeout}")]
    public static partial void RequestTimedOut(ILogger logger, string method, string path, TimeSpan timeout);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Retrying Consul request (attempt {Attempt}) in {Delay} after {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, string reason);
}
