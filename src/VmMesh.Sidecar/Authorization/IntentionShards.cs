using Microsoft.Extensions.Logging;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.Policy.Model;
using VmMesh.Policy.Shards;
using VmMesh.Sidecar.Identity;

namespace VmMesh.Sidecar.Authorization;

/// <summary>
/// The one owner of this sidecar's intentions (watch, build, publish): every signed shard offered (from Consul KV
/// or the disk cache) must verify as a JWS chained to the current trust bundle and signed by the policy server's
/// SPIFFE ID, parse strictly for the expected destination, and not be older than the shard held; only then is the
/// set rebuilt from the own and wildcard shards and published whole. Write access to Consul KV alone cannot change access.
/// </summary>
internal sealed partial class IntentionShards(
    ServiceName service,
    CertificateStore certificates,
    IntentionStore store,
    IntentionCache cache,
    TimeProvider timeProvider,
    ILogger<IntentionShards> logger)
{
    private readonly JwsVerifier _verifier = new(new LeafValidator(timeProvider));
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IntentionShard> _held = new(StringComparer.Ordinal);
    private IntentionStatus _status = new(null, null, null);

    public IntentionStatus Status => Volatile.Read(ref _status);

    /// <summary>The two destinations this sidecar follows: its own service and <c>*</c>.</summary>
    public IReadOnlyList<string> Destinations => [service.Value, IntentionNames.Wildcard];

    /// <summary>Loads cached shards (each verified again) so a restart without Consul still enforces the last intentions.</summary>
    public void LoadCache()
    {
        foreach (var destination in Destinations)
        {
            if (cache.Load(destination) is { } jws)
            {
                Offer(destination, jws, "the disk cache", writeCache: false);
            }
        }
    }

    /// <summary>Verifies and, when acceptable, applies one shard; false (with the reason kept for /config) otherwise.</summary>
    public bool Offer(string destination, string jws, string origin, bool writeCache = true)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bundle = certificates.Required.Bundle;
        var verified = _verifier.Verify(jws, bundle, SpiffeId.PolicyServer(bundle.TrustDomain));
        if (!verified.IsValid)
        {
            return Reject(destination, origin, $"signature not accepted: {verified.Message}");
        }

        var parsed = ShardParser.Parse(verified.Payload, destination);
        if (parsed.Value is not { } shard)
        {
            return Reject(destination, origin, $"shard not accepted: {string.Join("; ", parsed.Errors)}");
        }

        lock (_lock)
        {
            if (_held.TryGetValue(destination, out var held) && shard.Version < held.Version)
            {
                return Reject(destination, origin, $"version {shard.Version} is lower than the held version {held.Version}; a replayed or stale shard is ignored");
            }

            var candidate = new Dictionary<string, IntentionShard>(_held, StringComparer.Ordinal) { [destination] = shard };
            var set = ShardParser.ToSet(candidate.Values);
            if (set.Value is null)
            {
                return Reject(destination, origin, $"shards do not combine: {string.Join("; ", set.Errors)}");
            }

            _held[destination] = shard;
            store.Publish(set.Value);
            Volatile.Write(ref _status, Status with { ActiveVersion = set.Value.Version.Value });
            Accepted(logger, destination, shard.Version.Value, origin);
        }

        if (writeCache)
        {
            try
            {
                cache.Save(destination, jws);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                CacheWriteFailed(logger, destination, ex.Message);
            }
        }

        return true;
    }

    private bool Reject(string destination, string origin, string reason)
    {
        var text = $"shard for '{destination}' from {origin}: {reason}";
        Volatile.Write(ref _status, Status with { LastRejection = text, LastRejectionAt = timeProvider.GetUtcNow() });
        Rejected(logger, text);
        return false;
    }

    [LoggerMessage(500, LogLevel.Information, "Intentions for '{Destination}' at version {Version} accepted from {Origin}")]
    private static partial void Accepted(ILogger logger, string destination, long version, string origin);

    [LoggerMessage(501, LogLevel.Warning, "Intention shard rejected, keeping the held intentions: {Reason}")]
    private static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(502, LogLevel.Warning, "Could not cache the intention shard for '{Destination}': {Reason}")]
    private static partial void CacheWriteFailed(ILogger logger, string destination, string reason);
}
