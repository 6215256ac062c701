// Intentions over HTTP and in KV: CRUD with CAS on the rising version, check (the same evaluator and explainer the
// CLI and sidecars use), and signed shards. Data flow of a change: validate → CAS transaction (document, version,
// audit) → refresh this replica's IntentionSet → the leader compiles, signs and publishes the shards.
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Shards;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Intentions;

/// <summary>
/// Compiles the current <see cref="IntentionSet"/> into per-destination payloads with <see cref="ShardCompiler"/> and
/// signs each as a compact JWS (ES256, x5c chain of the server's signing certificate). Cached per version and signer.
/// </summary>
internal sealed class ShardSigner(StateCache cache, ServerCredentials credentials)
{
    /// <summary>Each shard must stay well below Consul's 512 KiB value limit.</summary>
    public const int MaxShardBytes = 128 * 1024;

    private SignedShards? _cached;

    public SignedShards Current()
    {
        var set = cache.Intentions;
        var signer = credentials.Current;
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && cached.Version == set.Version.Value && cached.SignerRootId == signer.RootId)
        {
            return cached;
        }

        var shards = ShardCompiler.Compile(set).ToDictionary(p => p.Key, p => signer.Signer.Sign(p.Value), StringComparer.Ordinal);
        var signed = new SignedShards(set.Version.Value, shards, signer.RootId);
        Volatile.Write(ref _cached, signed);
        return signed;
    }

    /// <summary>The signed shard of one destination; a signed empty one when it has no intentions.</summary>
    public (long Version, string Jws) For(string destination)
    {
        var all = Current();
        if (all.Shards.TryGetValue(destination, out var jws))
        {
            return (all.Version, jws);
        }

        var set = cache.Intentions;
        return (set.Version.Value, credentials.Current.Signer.Sign(ShardCompiler.CompileFor(set, destination)));
    }
}
