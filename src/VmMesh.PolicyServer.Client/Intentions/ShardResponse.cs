using System.Text.Json.Serialization;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Answer to <c>GET /v1/intentions/bundle?destination=NAME</c>: one signed shard.</summary>
/// <param name="Destination">The destination (or <c>*</c>).</param>
/// <param name="Version">The shard's version.</param>
/// <param name="Jws">The compact JWS (ES256, signing chain in <c>x5c</c>).</param>
public sealed record ShardResponse(
    string Destination,
    [property: JsonConverter(typeof(IntentionVersionJsonConverter))] IntentionVersion Version,
    string Jws);
