using Microsoft.Extensions.Logging;

namespace VmMesh.Sidecar.Hosting;

/// <summary>Process-level log events (IDs 700-799 with SidecarRuntime).</summary>
internal static partial class HostLog
{
    [LoggerMessage(790, LogLevel.Critical, "Start-up failed, nothing serves: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string reason);
}
