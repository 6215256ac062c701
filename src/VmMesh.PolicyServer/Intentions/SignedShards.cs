namespace VmMesh.PolicyServer.Intentions;

/// <summary>Every shard of one intentions version, each a compact JWS, keyed by destination (<c>*</c> for wildcard).</summary>
internal sealed record SignedShards(long Version, IReadOnlyDictionary<string, string> Shards, string SignerRootId);
