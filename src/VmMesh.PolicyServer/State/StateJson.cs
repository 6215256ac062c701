using System.Text.Json;

namespace VmMesh.PolicyServer.State;

/// <summary>Serialization of the server's own KV values (camelCase JSON, like the API).</summary>
internal static class StateJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(byte[]? value, string key) =>
        (value is null ? default : JsonSerializer.Deserialize<T>(value, Options))
        ?? throw new InvalidOperationException($"KV entry {key} is empty or null; restore it from a backup or delete it");
}
