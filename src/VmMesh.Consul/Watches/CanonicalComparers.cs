using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VmMesh.Consul.Watches;

/// <summary>Canonical-JSON comparers for the shapes the endpoints return.</summary>
internal static class CanonicalComparers
{
    public static IEqualityComparer<IReadOnlyList<TItem>> ForList<TItem>(JsonTypeInfo<List<TItem>> typeInfo)
        => new JsonCanonicalComparer<IReadOnlyList<TItem>>(value => JsonSerializer.SerializeToUtf8Bytes(value as List<TItem> ?? [.. value], typeInfo));

    public static IEqualityComparer<T?> ForNullable<T>(JsonTypeInfo<T> typeInfo)
        where T : class
        => new JsonCanonicalComparer<T?>(value => value is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
}
