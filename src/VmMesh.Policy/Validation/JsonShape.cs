using System.Text.Json;

namespace VmMesh.Policy.Validation;

/// <summary>
/// Strict reading of a <see cref="JsonElement"/>: unknown and repeated keys are errors, wrong types are errors, and
/// JSON null counts as "not given". Every problem goes to the <see cref="ErrorCollector"/>; nothing throws.
/// </summary>
internal static class JsonShape
{
    public static bool IsObject(JsonElement element, string path, ErrorCollector errors, string example)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add(path, $"must be a JSON object, not {Kind(element)}; write {example}");
        return false;
    }

    /// <summary>Reports keys that are not in <paramref name="known"/> and keys given twice (two parsers could disagree on which one counts).</summary>
    public static void CheckKeys(JsonElement obj, string path, IReadOnlyList<string> known, ErrorCollector errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var at = ErrorCollector.Join(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(at, $"is not a known field; remove it or fix its spelling (known: {string.Join(", ", known)})");
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(at, "is given more than once; keep one");
            }
        }
    }

    /// <summary>False when present with the wrong type (reported); otherwise true, with null when absent or JSON null.</summary>
    public static bool TryGetString(JsonElement obj, string name, string path, ErrorCollector errors, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            errors.Add(ErrorCollector.Join(path, name), $"must be a string, not {Kind(property)}; fix the value");
            return false;
        }

        value = property.GetString();
        return true;
    }

    /// <summary>Like <see cref="TryGetString"/> for booleans.</summary>
    public static bool TryGetBool(JsonElement obj, string name, string path, ErrorCollector errors, out bool? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(ErrorCollector.Join(path, name), $"must be true or false, not {Kind(property)}; fix the value");
            return false;
        }

        value = property.GetBoolean();
        return true;
    }

    /// <summary>Like <see cref="TryGetString"/> for arrays.</summary>
    public static bool TryGetArray(JsonElement obj, string name, string path, ErrorCollector errors, out JsonElement? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.Array)
        {
            errors.Add(ErrorCollector.Join(path, name), $"must be a JSON array, not {Kind(property)}; write [ ... ]");
            return false;
        }

        value = property;
        return true;
    }

    /// <summary>True when the key is present with a non-null value.</summary>
    public static bool Has(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>True when the key holds an array with at least one element.</summary>
    public static bool HasNonEmptyArray(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0;

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
