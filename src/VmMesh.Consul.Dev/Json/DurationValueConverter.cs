using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmMesh.Consul.Dev.Json;

/// <summary>Reads Go durations: strings need a unit, bare numbers are nanoseconds (as Go's decoder does).</summary>
internal sealed class DurationValueConverter : JsonConverter<DurationValue>
{
    public override DurationValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var nanos = reader.GetDouble();
            return new DurationValue(TimeSpan.FromTicks((long)(nanos / 100)), nanos.ToString(CultureInfo.InvariantCulture), WasNumber: true);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ConsulDecodeException("json: cannot unmarshal " + reader.TokenType.ToString().ToLowerInvariant() + " into Go value of type time.Duration");
        }

        var text = reader.GetString() ?? string.Empty;
        if (text.Length == 0)
        {
            // Consul's duration fields treat "" as zero (TTL: "" means none).
            return new DurationValue(TimeSpan.Zero, text, WasNumber: false);
        }

        if (!GoDuration.TryParse(text, out var value, out var error))
        {
            throw new ConsulDecodeException(error);
        }

        return new DurationValue(value, text, WasNumber: false);
    }

    public override void Write(Utf8JsonWriter writer, DurationValue value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Text);
}
