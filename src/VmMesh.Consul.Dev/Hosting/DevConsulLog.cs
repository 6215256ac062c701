using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Dev.Hosting;

/// <summary>The dev server's log events (stable IDs 7100–7199). Never logs tokens, KV values or bodies.</summary>
internal static partial class DevConsulLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Dev Consul listening on {Address} (datacenter {Datacenter}, node {NodeName})")]
    public static partial void Started(ILogger logger, Uri address, string datacenter, string nodeName);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Dev Consul stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Dev Consul handler failed for {Method} {Path}")]
    public static partial void HandlerFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Information, Message = "Service {ServiceId} registered")]
    public static partial void ServiceRegistered(ILogger logger, string serviceId);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Information, Message = "Service {ServiceId} deregistered")]
    public static partial void ServiceDeregistered(ILogger logger, string serviceId);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Warning, Message = "Service {ServiceId} deregistered: a check stayed critical longer than DeregisterCriticalServiceAfter")]
    public static partial void ServiceReaped(ILogger logger, string serviceId);

    [LoggerMessage(EventId = 7120, Level = LogLevel.Debug, Message = "Check {CheckId} is now {Status}")]
    public static partial void CheckResult(ILogger logger, string checkId, string status);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Information, Message = "Check {CheckId} TTL expired")]
    public static partial void TtlExpired(ILogger logger, string checkId);

    [LoggerMessage(EventId = 7130, Level = LogLevel.Information, Message = "Session {SessionId} invalidated: TTL expired")]
    public static partial void SessionExpired(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 7140, Level = LogLevel.Error, Message = "Background task {Task} failed")]
    public static partial void BackgroundFailed(ILogger logger, string task, Exception exception);
}
