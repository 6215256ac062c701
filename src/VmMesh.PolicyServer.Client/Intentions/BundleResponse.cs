using System.Text.Json.Serialization;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Answer to <c>GET /v1/intentions/bundle</c>: every signed shard.</summary>
/// <param name="Version">The intentions version the shards were compiled at.</param>
/// <param name="Shards">Compact JWS per destination (<c>*</c> for the wildcard shard).</param>
public sealed record BundleResponse(
    [property: JsonConverter(typeof(IntentionVersionJsonConverter))] IntentionVersion Version,
    IReadOnlyDictionary<string, string> Shards);
