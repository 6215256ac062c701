// Intentions over the wire. Documents are VmMesh.Policy's IntentionDocument, read and written by its strict
// parser and canonical writer (IntentionDocumentJsonConverter), so the API and the shards agree byte for byte.
using System.Text.Json.Serialization;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Answer to <c>GET /v1/intentions</c>: every document and the mesh default.</summary>
/// <param name="Version">The current intentions version (rises on every change).</param>
/// <param name="DefaultAction">Applied when no intention matches: <c>"deny"</c> unless the operator opted out.</param>
/// <param name="Documents">One document per destination (and <c>*</c>).</param>
public sealed record IntentionListResponse(
    [property: JsonConverter(typeof(IntentionVersionJsonConverter))] IntentionVersion Version,
    [property: JsonConverter(typeof(IntentionActionJsonConverter))] IntentionAction DefaultAction,
    IReadOnlyList<IntentionDocument> Documents);
