using System.Text.Json;
using System.Text.Json.Serialization;
using VmMesh.Policy.Model;

namespace VmMesh.PolicyServer.Client.Json;

/// <summary><see cref="IntentionVersion"/> as a plain non-negative JSON number.</summary>
public sealed class IntentionVersionJsonConverter : JsonConverter<IntentionVersion>
{
    /// <inheritdoc />
    public override IntentionVersion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0
            ? new IntentionVersion(value)
            : throw new JsonException("version must be a non-negative integer");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IntentionVersion value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Value);
    }
}
