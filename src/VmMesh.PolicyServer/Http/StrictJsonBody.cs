using System.Text.Json;

namespace VmMesh.PolicyServer.Http;

/// <summary>
/// A request body read whole (within the Kestrel body limit) and checked to be a JSON object with only known fields.
/// Field readers throw <see cref="ApiException"/> 400 with the field, the bad value's kind and the fix.
/// </summary>
internal sealed class StrictJsonBody : IDisposable
{
    private readonly JsonDocument _document;
    private readonly string _entity;

    private StrictJsonBody(JsonDocument document, string entity)
    {
        _document = document;
        _entity = entity;
    }

    public JsonElement Root => _document.RootElement;

    public static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>Reads and checks the body; <paramref name="entity"/> names it in messages (e.g. "sign request").</summary>
    public static async Task<StrictJsonBody> ReadAsync(HttpContext context, string entity, IReadOnlyList<string> knownFields)
    {
        var bytes = await ReadBytesAsync(context);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"{entity}: body is not valid JSON ({ex.Message}); send a JSON object");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = Kind(document.RootElement);
            document.Dispose();
            throw ApiException.BadRequest($"{entity}: body is a JSON {kind}; send a JSON object");
        }

        var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !knownFields.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            document.Dispose();
            throw ApiException.BadRequest($"{entity}: unknown field{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; known fields are {string.Join(", ", knownFields)}");
        }

        return new StrictJsonBody(document, entity);
    }

    public string? GetString(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ApiException.BadRequest($"{_entity}: {name} is a JSON {Kind(value)}; it must be a string");
    }

    public int? GetInt32(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw ApiException.BadRequest($"{_entity}: {name} is {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "a JSON " + Kind(value))}; it must be a whole number");
    }

    public IReadOnlyList<string>? GetStringArray(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"{_entity}: {name} is a JSON {Kind(value)}; it must be an array of strings");
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw ApiException.BadRequest($"{_entity}: {name}[{index}] is a JSON {Kind(item)}; it must be a string"));
            index++;
        }

        return items;
    }

    public IReadOnlyDictionary<string, string>? GetStringMap(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest($"{_entity}: {name} is a JSON {Kind(value)}; it must be an object of strings");
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw ApiException.BadRequest($"{_entity}: {name}.{property.Name} is a JSON {Kind(property.Value)}; it must be a string");
        }

        return map;
    }

    public void Dispose() => _document.Dispose();

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
