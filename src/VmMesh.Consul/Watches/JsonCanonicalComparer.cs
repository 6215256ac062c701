using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VmMesh.Consul.Watches;

/// <summary>
/// Compares payloads by their canonical JSON (records hold lists, whose equality is by reference), so a watch
/// delivers only real changes even when an idempotent write or a timeout woke it up.
/// </summary>
internal sealed class JsonCanonicalComparer<T>(Func<T, byte[]> canonicalForm) : IEqualityComparer<T>
{
    public static JsonCanonicalComparer<T> For(JsonTypeInfo<T> typeInfo)
        => new(value => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    public bool Equals(T? x, T? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        return canonicalForm(x).AsSpan().SequenceEqual(canonicalForm(y));
    }

    public int GetHashCode(T obj) => obj is null ? 0 : canonicalForm(obj).Length;
}
