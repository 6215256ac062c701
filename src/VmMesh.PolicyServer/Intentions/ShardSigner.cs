// Intentions over HTTP and in KV: CRUD with CAS on the rising version, check (the same evaluator and explainer the
// CLI and sidecars use), and signed shards. Data flow of a change: validate → CAS transaction (document, version,
// audit) → refresh this replica's IntentionSet → the leader compiles, signs and publishes the shards. A renewed or
// rotated signing certificate changes the signature, never the version: the leader signs the same version again.
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Shards;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Intentions;

/// <summary>
/// Compiles the current <see cref="IntentionSet"/> into per-destination payloads with
/// <see cref="ShardCompiler"/> and signs each as a compact JWS (ES256, x5c chain of the server's signing
/// certificate). Cached per intentions version and signing certificate: the certificate lives only the leaf TTL, so
/// shards signed by one that was renewed must be signed again before it expires, with the same version.
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
        if (cached is not null && cached.Version == set.Version.Value && cached.SignerId == signer.SignerId)
        {
            return cached;
        }

        var shards = ShardCompiler.Compile(set).ToDictionary(p => p.Key, p => signer.Signer.Sign(p.Value), StringComparer.Ordinal);
        var signed = new SignedShards(set, shards, signer.Signer, signer.SignerId);
        Volatile.Write(ref _cached, signed);
        return signed;
    }

    /// <summary>The signed shard of one destination; a signed empty one when it has no intentions.</summary>
    public (long Version, string Jws) For(string destination)
    {
        var all = Current();
        return (all.Version, all.For(destination));
    }
}
