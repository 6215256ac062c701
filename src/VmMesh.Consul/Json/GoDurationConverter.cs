using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmMesh.Consul.Json;

/// <summary>
/// Reads and writes optional durations as Go duration strings (<c>"10s"</c>). A JSON number is read as
/// nanoseconds and <c>""</c> or null as "not set", as Consul does.
/// </summary>
internal sealed class GoDurationConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => NanosecondsConverter.FromNanoseconds(reader.GetInt64()),
            JsonTokenType.String => ReadString(reader.GetString()),
            _ => throw new JsonException($"Expected a Go duration string or nanoseconds, got {reader.TokenType}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(GoDuration.Format(value.Value));
    }

    private static TimeSpan? ReadString(string? text)
    {
        try
        {
            return GoDuration.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }
}
