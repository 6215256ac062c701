using System.Text.Json.Serialization;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Answer to <c>PUT</c> and <c>DELETE /v1/intentions/{destination}</c>: the new intentions version.</summary>
/// <param name="Version">The version the change was written at.</param>
public sealed record VersionResponse(
    [property: JsonConverter(typeof(IntentionVersionJsonConverter))] IntentionVersion Version);
