using System.Text;
using System.Text.Json;
using VmMesh.Consul;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.Intentions;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Leadership;

/// <summary>
/// Leader-only publication for sidecars, which read KV instead of long-polling the server: the signed trust bundle
/// at <c>vmmesh/ca/bundle</c> and one signed shard per destination at <c>vmmesh/intentions/shards/&lt;destination&gt;</c>.
/// A destination whose intentions were deleted gets a signed empty shard, so sidecars drop what they held.
/// Each artifact is written again when its content changes or when the signing certificate it was signed with is no
/// longer the current one: that certificate lives only the leaf TTL, and the server renews it at 40–50 % of it, so
/// re-signing then (same bundle revision, same intentions version, which sidecars accept) keeps every signature in
/// KV valid for at least half a lifetime. Not thread-safe: the leader loop is the only caller.
/// </summary>
internal sealed class StatePublisher(ConsulClient consul, StateCache cache, ServerCredentials credentials, ShardSigner shards, ILogger<StatePublisher> logger)
{
    public const string BundleKind = "vmmesh-trust-bundle";

    private long _bundleRevision = -1;
    private string? _bundleSignerId;
    private long _shardsVersion = -1;
    private string? _shardsSignerId;

    /// <summary>
    /// Forgets what this replica published, so the next call writes everything. Called when a leadership begins:
    /// another leader may have written in between, signed with its own certificate, which nobody renews once it
    /// stops leading.
    /// </summary>
    public void Reset()
    {
        _bundleRevision = -1;
        _bundleSignerId = null;
        _shardsVersion = -1;
        _shardsSignerId = null;
    }

    /// <summary>Publishes whatever changed, or was signed by another certificate, since the last call.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var ca = cache.RequireCa();
        var signer = credentials.Current;
        if (ca.Revision != _bundleRevision || signer.SignerId != _bundleSignerId)
        {
            await consul.KV.PutAsync(KvKeys.TrustBundle, Encoding.ASCII.GetBytes(signer.Signer.Sign(BundlePayload(ca))), cancellationToken: cancellationToken);
            _bundleRevision = ca.Revision;
            _bundleSignerId = signer.SignerId;
            PolicyServerLog.BundlePublished(logger, ca.Bundle.ActiveRootId, ca.Revision, signer.SignerId, signer.SigningCertificate.NotAfter.ToUniversalTime());
        }

        var signed = shards.Current();
        if (signed.Version != _shardsVersion || signed.SignerId != _shardsSignerId)
        {
            await PublishShardsAsync(signed, cancellationToken);
            _shardsVersion = signed.Version;
            _shardsSignerId = signed.SignerId;
        }
    }

    /// <summary>The signed bundle's payload: canonical JSON with the roots as PEM.</summary>
    public static byte[] BundlePayload(CaSnapshot ca)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("activeRootId", ca.Bundle.ActiveRootId);
            writer.WriteString("kind", BundleKind);
            writer.WriteString("pem", ca.BundlePem);
            writer.WriteNumber("revision", ca.Revision);
            writer.WriteString("trustDomain", ca.Bundle.TrustDomain.Name);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task PublishShardsAsync(SignedShards signed, CancellationToken cancellationToken)
    {
        // Keys of destinations without intentions now (deleted ones) get a signed empty shard of the same version
        // and signer; they are re-signed with the others, or sidecars that start later would reject them.
        var existing = await consul.KV.KeysAsync(KvKeys.ShardsPrefix, cancellationToken: cancellationToken);
        var toWrite = new Dictionary<string, string>(signed.Shards, StringComparer.Ordinal);
        foreach (var key in existing.Value)
        {
            var destination = KvKeys.DestinationFromSegment(key[KvKeys.ShardsPrefix.Length..]);
            if (!toWrite.ContainsKey(destination) && Policy.Model.IntentionNames.IsServiceNameOrWildcard(destination))
            {
                toWrite[destination] = signed.For(destination);
            }
        }

        foreach (var (destination, jws) in toWrite)
        {
            if (jws.Length > ShardSigner.MaxShardBytes)
            {
                PolicyServerLog.ShardTooLarge(logger, destination, jws.Length, ShardSigner.MaxShardBytes);
                continue;
            }

            await consul.KV.PutAsync(KvKeys.Shard(destination), Encoding.ASCII.GetBytes(jws), cancellationToken: cancellationToken);
        }

        PolicyServerLog.ShardsPublished(logger, signed.Version, toWrite.Count, signed.SignerId);
    }
}
