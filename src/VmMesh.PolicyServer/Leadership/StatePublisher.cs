using System.Text;
using System.Text.Json;
using VmMesh.Consul;
using VmMesh.Policy.Shards;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.Intentions;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Leadership;

/// <summary>
/// Leader-only publication for sidecars, which read KV instead of long-polling the server: the signed trust bundle
/// at <c>vmmesh/ca/bundle</c> and one signed shard per destination at <c>vmmesh/intentions/shards/&lt;destination&gt;</c>.
/// A destination whose intentions were deleted gets a signed empty shard, so sidecars drop what they held.
/// </summary>
internal sealed class StatePublisher(ConsulClient consul, StateCache cache, ServerCredentials credentials, ShardSigner shards, ILogger<StatePublisher> logger)
{
    public const string BundleKind = "vmmesh-trust-bundle";

    private long _publishedCaRevision = -1;
    private string? _publishedSignerRoot;
    private long _publishedIntentionsVersion = -1;

    /// <summary>Publishes whatever changed since the last call.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var ca = cache.RequireCa();
        var signer = credentials.Current;
        if (ca.Revision != _publishedCaRevision || signer.RootId != _publishedSignerRoot)
        {
            await consul.KV.PutAsync(KvKeys.TrustBundle, Encoding.ASCII.GetBytes(signer.Signer.Sign(BundlePayload(ca))), cancellationToken: cancellationToken);
            _publishedCaRevision = ca.Revision;
            PolicyServerLog.BundlePublished(logger, ca.Bundle.ActiveRootId, ca.Revision);
        }

        var signed = shards.Current();
        if (signed.Version != _publishedIntentionsVersion || signer.RootId != _publishedSignerRoot)
        {
            await PublishShardsAsync(signed, cancellationToken);
            _publishedIntentionsVersion = signed.Version;
        }

        _publishedSignerRoot = signer.RootId;
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
        var existing = await consul.KV.KeysAsync(KvKeys.ShardsPrefix, cancellationToken: cancellationToken);
        var toWrite = new Dictionary<string, string>(signed.Shards, StringComparer.Ordinal);
        foreach (var key in existing.Value)
        {
            var destination = KvKeys.DestinationFromSegment(key[KvKeys.ShardsPrefix.Length..]);
            if (!toWrite.ContainsKey(destination) && Policy.Model.IntentionNames.IsServiceNameOrWildcard(destination))
            {
                toWrite[destination] = credentials.Current.Signer.Sign(ShardCompiler.CompileFor(cache.Intentions, destination));
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

        PolicyServerLog.ShardsPublished(logger, signed.Version, toWrite.Count);
    }
}
