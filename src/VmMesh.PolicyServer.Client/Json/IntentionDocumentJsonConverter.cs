using System.Text.Json;
using System.Text.Json.Serialization;
using VmMesh.Policy.Json;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.PolicyServer.Client.Json;

/// <summary>
/// Reads intention documents with VmMesh.Policy's strict parser (unknown fields, bad regexes, duplicate sources are
/// errors, all of them reported in the exception message) and writes them in its canonical form, so there is one
/// implementation of the rules on both sides of the wire.
/// </summary>
public sealed class IntentionDocumentJsonConverter : JsonConverter<IntentionDocument>
{
    /// <inheritdoc />
    public override IntentionDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var json = JsonDocument.ParseValue(ref reader);
        var result = IntentionDocumentParser.Parse(json.RootElement.GetRawText());
        return result.Value ?? throw new JsonException(string.Join("; ", result.Errors));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IntentionDocument value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(IntentionDocumentWriter.ToCanonicalJson(value), skipInputValidation: true);
    }
}
