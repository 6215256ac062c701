using Microsoft.Extensions.Logging;

namespace VmMesh.Sidecar.Identity;

/// <summary>Identity log events (IDs 100-199). Never logs keys, CSRs or tokens.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(100, LogLevel.Information, "Certificate issued for {Identity}, valid until {NotAfter:O}, renewal at {RenewAt:O} (revision {Revision})")]
    public static partial void Issued(ILogger logger, string identity, DateTimeOffset notAfter, DateTimeOffset renewAt, long revision);

    [LoggerMessage(101, LogLevel.Information, "Serving with the cached certificate for {Identity}, valid until {NotAfter:O}")]
    public static partial void FromCache(ILogger logger, string identity, DateTimeOffset notAfter);

    [LoggerMessage(102, LogLevel.Warning, "Cached identity in {Directory} is not usable ({Reason}); requesting a new certificate")]
    public static partial void CacheUnusable(ILogger logger, string directory, string reason);

    [LoggerMessage(103, LogLevel.Warning, "Certificate renewal failed (attempt {Attempt}); serving with the current certificate until {NotAfter:O}, next try in {Delay}: {Reason}")]
    public static partial void RenewalFailed(ILogger logger, int attempt, DateTimeOffset notAfter, TimeSpan delay, string reason);

    [LoggerMessage(104, LogLevel.Warning, "Could not fetch the current roots from the policy server; keeping the trust bundle held: {Reason}")]
    public static partial void RootsUnavailable(ILogger logger, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Could not write the identity cache to {Directory}; a restart while the policy server is down will not find it: {Reason}")]
    public static partial void CacheWriteFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(106, LogLevel.Error, "The certificate for {Identity} expired at {NotAfter:O}; inbound and outbound mTLS fail until the policy server issues a new one")]
    public static partial void Expired(ILogger logger, string identity, DateTimeOffset notAfter);
}
