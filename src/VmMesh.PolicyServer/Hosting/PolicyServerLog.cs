namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// Every log line of the policy server, with stable event IDs: 1xxx hosting, 2xxx state, 3xxx leadership and
/// publication, 4xxx certificates. Never logs tokens, keys, CSRs or bodies.
/// </summary>
internal static partial class PolicyServerLog
{
    [LoggerMessage(1001, LogLevel.Information, "Policy server listening on {Address} (trust domain {TrustDomain}, replica {ReplicaId})")]
    public static partial void Listening(ILogger logger, Uri address, string trustDomain, string replicaId);

    [LoggerMessage(1002, LogLevel.Information, "Waiting for the CA: the leader creates it at first start")]
    public static partial void WaitingForCa(ILogger logger);

    [LoggerMessage(1003, LogLevel.Error, "Unhandled error in {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(1004, LogLevel.Warning, "Consul call failed while serving {Path}; answered 503")]
    public static partial void ConsulCallFailed(ILogger logger, Exception exception, PathString path);

    [LoggerMessage(1005, LogLevel.Information, "Trust bundle written to {Path}")]
    public static partial void BundleFileWritten(ILogger logger, string path);

    [LoggerMessage(1006, LogLevel.Warning, "Background task {Task} failed")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception, string task);

    [LoggerMessage(2001, LogLevel.Information, "CA loaded: active root {ActiveRootId}, {Roots} root(s), revision {Revision}")]
    public static partial void CaLoaded(ILogger logger, string activeRootId, int roots, long revision);

    [LoggerMessage(2002, LogLevel.Information, "Intentions loaded: version {Version}, {Documents} document(s)")]
    public static partial void IntentionsLoaded(ILogger logger, long version, int documents);

    [LoggerMessage(2003, LogLevel.Error, "Intentions version {Version} in Consul KV is invalid and was not loaded: {Errors}")]
    public static partial void IntentionsInvalid(ILogger logger, long version, string errors);

    [LoggerMessage(2004, LogLevel.Warning, "Watch of {What} failed; retrying")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(3001, LogLevel.Information, "Replica {ReplicaId} is now the leader (fencing token {FencingToken}); takeover bound after a leader dies: {TakeoverBound}")]
    public static partial void BecameLeader(ILogger logger, string replicaId, ulong fencingToken, TimeSpan takeoverBound);

    [LoggerMessage(3002, LogLevel.Warning, "Replica {ReplicaId} stopped leading: {Reason}")]
    public static partial void StoppedLeading(ILogger logger, string replicaId, string reason);

    [LoggerMessage(3003, LogLevel.Information, "Created the mesh CA: root {RootId}")]
    public static partial void CaCreated(ILogger logger, string rootId);

    [LoggerMessage(3004, LogLevel.Warning, "Leader work failed; retrying")]
    public static partial void LeaderWorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(3005, LogLevel.Information, "Published the signed trust bundle (active root {RootId}, revision {Revision}), signed by certificate {SignerId} valid until {SignerNotAfter}")]
    public static partial void BundlePublished(ILogger logger, string rootId, long revision, string signerId, DateTime signerNotAfter);

    [LoggerMessage(3006, LogLevel.Information, "Published {Count} signed shard(s) of intentions version {Version}, signed by certificate {SignerId}")]
    public static partial void ShardsPublished(ILogger logger, long version, int count, string signerId);

    [LoggerMessage(3007, LogLevel.Error, "Shard of {Destination} is {Length} bytes, over the {Limit}-byte limit; not published. Split the destination's intentions")]
    public static partial void ShardTooLarge(ILogger logger, string destination, int length, int limit);

    [LoggerMessage(4001, LogLevel.Information, "Server certificates issued under root {RootId}, valid until {NotAfter}, renewal at {RenewAt}")]
    public static partial void ServerCertificateIssued(ILogger logger, string rootId, DateTime notAfter, DateTimeOffset renewAt);

    [LoggerMessage(4002, LogLevel.Error, "Issuing the server certificates failed; the previous ones stay in use")]
    public static partial void ServerCertificateFailed(ILogger logger, Exception exception);
}
