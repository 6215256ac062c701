using System.Text.Json.Serialization;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Answer to <c>GET /v1/intentions/{destination}</c>.</summary>
/// <param name="Version">The version at which this document was last written; pass it as <c>?cas=</c> to update it safely.</param>
/// <param name="Document">The destination's intentions.</param>
public sealed record IntentionResponse(
    [property: JsonConverter(typeof(IntentionVersionJsonConverter))] IntentionVersion Version,
    IntentionDocument Document);
