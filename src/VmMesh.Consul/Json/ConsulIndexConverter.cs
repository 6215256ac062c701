using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmMesh.Consul.Json;

/// <summary>Indexes are uint64 JSON numbers; a numeric string is tolerated.</summary>
internal sealed class ConsulIndexConverter : JsonConverter<ConsulIndex>
{
    public override ConsulIndex Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Number => new ConsulIndex(reader.GetUInt64()),
            JsonTokenType.String when ulong.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) => new ConsulIndex(value),
            JsonTokenType.Null => ConsulIndex.Zero,
            _ => throw new JsonException($"Expected a uint64 index, got {reader.TokenType}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, ConsulIndex value, JsonSerializerOptions options)
        => writer.WriteNumberValue(value.Value);
}
