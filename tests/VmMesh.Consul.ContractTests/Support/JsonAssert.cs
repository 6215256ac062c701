using System.Text.Json;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>Shape assertions on Consul JSON: which fields are present (with which kind), which are omitted.</summary>
public static class JsonAssert
{
    public static JsonElement Property(JsonElement element, string name)
    {
        Assert.True(element.ValueKind == JsonValueKind.Object, $"Expected an object holding '{name}' but got {element.ValueKind}: {element}");
        Assert.True(element.TryGetProperty(name, out var value), $"Expected field '{name}' in {element}");
        return value;
    }

    public static JsonElement Property(JsonElement element, string name, JsonValueKind kind)
    {
        var value = Property(element, name);
        Assert.True(value.ValueKind == kind, $"Expected '{name}' to be {kind} but it is {value.ValueKind}: {value}");
        return value;
    }

    public static void Absent(JsonElement element, string name) =>
        Assert.False(element.TryGetProperty(name, out var value), $"Expected field '{name}' to be omitted but it is {value}");

    public static string String(JsonElement element, string name) => Property(element, name, JsonValueKind.String).GetString()!;

    public static ulong UInt64(JsonElement element, string name) => Property(element, name, JsonValueKind.Number).GetUInt64();

    public static long Int64(JsonElement element, string name) => Property(element, name, JsonValueKind.Number).GetInt64();

    public static bool Boolean(JsonElement element, string name)
    {
        var value = Property(element, name);
        Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"Expected '{name}' to be a boolean: {value}");
        return value.GetBoolean();
    }

    public static string[] Strings(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.Array).EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static void Null(JsonElement element, string name) => Property(element, name, JsonValueKind.Null);

    public static JsonElement[] Array(JsonElement element)
    {
        Assert.True(element.ValueKind == JsonValueKind.Array, $"Expected a JSON array but got {element.ValueKind}: {element}");
        return element.EnumerateArray().ToArray();
    }

    public static JsonElement Single(JsonElement element)
    {
        var items = Array(element);
        Assert.True(items.Length == 1, $"Expected exactly one element but got {items.Length}: {element}");
        return items[0];
    }

    /// <summary>An empty JSON object, e.g. <c>{}</c>.</summary>
    public static void EmptyObject(JsonElement element, string name)
    {
        var value = Property(element, name, JsonValueKind.Object);
        Assert.True(!value.EnumerateObject().Any(), $"Expected '{name}' to be {{}} but got {value}");
    }
}
