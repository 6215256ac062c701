// Shards: how intentions travel from the policy server to sidecars.
// Data flow: IntentionSet --ShardCompiler--> one canonical JSON payload per destination plus one for "*"
// (the policy server signs each as a JWS and publishes it in Consul KV) --sidecar verifies--> ShardParser
// --> IntentionShard(s) --> IntentionSet for the sidecar's own service (its shard + the "*" shard).
// The bytes are canonical (sorted keys, sources sorted by name, no whitespace), so unchanged intentions give
// byte-identical payloads and the same signature.
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Shards;

/// <summary>One parsed shard: the intentions of one destination (or of <c>*</c>), with the set's version and defaults.</summary>
/// <param name="Destination">The destination service name, or <c>*</c>.</param>
/// <param name="Version">The version of the set the shard was compiled from.</param>
/// <param name="Defaults">The mesh defaults at that version.</param>
/// <param name="Documents">Zero or one document, whose destination is <paramref name="Destination"/>.</param>
public sealed record IntentionShard(string Destination, IntentionVersion Version, MeshDefaults Defaults, IReadOnlyList<IntentionDocument> Documents)
{
    /// <summary>The <c>kind</c> every shard carries, so a signed shard can't be mistaken for another signed payload.</summary>
    public const string Kind = "vmmesh-intentions-shard";
}
