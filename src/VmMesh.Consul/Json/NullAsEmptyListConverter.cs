using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace VmMesh.Consul.Json;

/// <summary>Consul sends <c>null</c> or <c>[]</c> for empty lists; callers always get a list.</summary>
internal sealed class NullAsEmptyListConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        var info = (JsonTypeInfo<List<T>>)options.GetTypeInfo(typeof(List<T>));
        return JsonSerializer.Deserialize(ref reader, info) ?? [];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        var info = (JsonTypeInfo<List<T>>)options.GetTypeInfo(typeof(List<T>));
        JsonSerializer.Serialize(writer, value as List<T> ?? [.. value], info);
    }
}
