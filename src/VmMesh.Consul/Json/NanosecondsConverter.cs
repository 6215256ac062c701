using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmMesh.Consul.Json;

/// <summary>
/// Session <c>LockDelay</c> comes back as integer nanoseconds (<c>15000000000</c>); a duration string is tolerated.
/// </summary>
internal sealed class NanosecondsConverter : JsonConverter<TimeSpan>
{
    public static TimeSpan FromNanoseconds(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Number => FromNanoseconds(reader.GetInt64()),
            JsonTokenType.String => GoDuration.TryParse(reader.GetString(), out var value) ? value : TimeSpan.Zero,
            _ => TimeSpan.Zero,
        };
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
        => writer.WriteNumberValue(value.Ticks * 100);
}
