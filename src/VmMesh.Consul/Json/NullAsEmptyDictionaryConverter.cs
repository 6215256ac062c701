using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace VmMesh.Consul.Json;

/// <summary>Consul sends <c>null</c> or <c>{}</c> for empty maps (e.g. <c>Service.Meta</c>); callers always get a map.</summary>
internal sealed class NullAsEmptyDictionaryConverter<T> : JsonConverter<IReadOnlyDictionary<string, T>>
{
    public override bool HandleNull => true;

    public override IReadOnlyDictionary<string, T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return new Dictionary<string, T>();
        }

        var info = (JsonTypeInfo<Dictionary<string, T>>)options.GetTypeInfo(typeof(Dictionary<string, T>));
        return JsonSerializer.Deserialize(ref reader, info) ?? new Dictionary<string, T>();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> value, JsonSerializerOptions options)
    {
        var info = (JsonTypeInfo<Dictionary<string, T>>)options.GetTypeInfo(typeof(Dictionary<string, T>));
        JsonSerializer.Serialize(writer, value as Dictionary<string, T> ?? value.ToDictionary(), info);
    }
}
