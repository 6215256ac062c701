using VmMesh.Identity.Signing;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Shards;

namespace VmMesh.PolicyServer.Intentions;

/// <summary>
/// Every shard of one intentions version, each a compact JWS, keyed by destination (<c>*</c> for wildcard), all signed
/// by the signing certificate <see cref="SignerId"/> (its fingerprint). The set and the signer are kept so that a
/// destination without intentions gets its signed empty shard from the same version and certificate.
/// </summary>
internal sealed record SignedShards(IntentionSet Set, IReadOnlyDictionary<string, string> Shards, JwsSigner Signer, string SignerId)
{
    public long Version => Set.Version.Value;

    /// <summary>The signed shard of one destination; a signed empty one when it has no intentions.</summary>
    public string For(string destination) =>
        Shards.TryGetValue(destination, out var jws) ? jws : Signer.Sign(ShardCompiler.CompileFor(Set, destination));
}
