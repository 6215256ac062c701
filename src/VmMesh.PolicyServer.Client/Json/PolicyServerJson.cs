using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmMesh.PolicyServer.Client.Json;

/// <summary>
/// The two ways the wire records are read. <see cref="Strict"/> is for request bodies the server reads: unknown
/// fields, missing required fields and nulls in non-nullable fields are errors. <see cref="Tolerant"/> is for
/// answers the client reads: unknown fields are skipped, so a newer server can add fields without breaking older
/// CLIs and sidecars. Both write camelCase with nulls kept (the contract shows <c>"crossSignedPem":null</c>);
/// intention documents are written in VmMesh.Policy's canonical form (sorted keys, sources sorted by name).
/// </summary>
public static class PolicyServerJson
{
    /// <summary>For request bodies the server reads (and for everything the client writes).</summary>
    public static PolicyServerJsonContext Strict { get; } = new(CreateOptions(JsonUnmappedMemberHandling.Disallow));

    /// <summary>For answers the client reads.</summary>
    public static PolicyServerJsonContext Tolerant { get; } = new(CreateOptions(JsonUnmappedMemberHandling.Skip));

    private static JsonSerializerOptions CreateOptions(JsonUnmappedMemberHandling unmapped)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            UnmappedMemberHandling = unmapped,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            MaxDepth = 32,

            // Readable reasons ("web -> api") for curl users; this is an API, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new IntentionDocumentJsonConverter());
        options.Converters.Add(new IntentionActionJsonConverter());
        options.Converters.Add(new IntentionVersionJsonConverter());
        return options;
    }
}
