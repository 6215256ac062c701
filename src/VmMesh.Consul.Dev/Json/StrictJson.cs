// Strict request decoding, Consul style: case-insensitive keys, unknown fields refused with
// the exact Go text, decode failures mapped to "400 Request decode failed: …".
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.Json;

internal static partial class StrictJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Decodes a body; an empty body gives null.</summary>
    public static T? Decode<T>(ReadOnlySpan<byte> body)
        where T : class
    {
        if (body.Trim(" \t\r\n"u8).Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (ConsulDecodeException ex)
        {
            throw new ConsulHttpError(400, "Request decode failed: " + ex.Message);
        }
        catch (JsonException ex)
        {
            throw new ConsulHttpError(400, "Request decode failed: " + Describe(ex, body, GoRootName(typeof(T))));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is ConsulDecodeException inner)
        {
            throw new ConsulHttpError(400, "Request decode failed: " + inner.Message);
        }
    }

    /// <summary>Maps System.Text.Json's failure to the closest Go encoding/json text.</summary>
    internal static string Describe(JsonException ex, ReadOnlySpan<byte> body = default, string root = "")
    {
        if (ex.InnerException is ConsulDecodeException inner)
        {
            return inner.Message;
        }

        var message = ex.Message;
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            return $"json: unknown field \"{unmapped.Groups[1].Value}\"";
        }

        var mismatch = Mismatch().Match(message);
        if (mismatch.Success && ex.Path is { Length: > 1 } path)
        {
            var field = FieldPath().Replace(path.TrimStart('$', '.'), string.Empty);
            return $"json: cannot unmarshal {KindAt(body, path)} into Go struct field {root}.{field} of type {GoType(mismatch.Groups[1].Value)}";
        }

        return "invalid character in JSON input at " + (ex.Path ?? "$") + (ex.BytePositionInLine is { } pos ? " offset " + pos.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
    }

    private static string GoRootName(Type type) => type.Name switch
    {
        "ServiceDefinition" => "ServiceDefinition",
        "CheckRegistration" => "CheckDefinition",
        "CheckUpdateRequest" => "checkUpdate",
        "SessionCreateRequest" => "Session",
        _ => "TxnOp",
    };

    private static string GoType(string dotnet) => dotnet switch
    {
        "System.String" => "string",
        "System.Int32" => "int",
        "System.UInt64" => "uint64",
        "System.Boolean" => "bool",
        _ when dotnet.StartsWith("System.Collections.Generic.List`1[[System.String", StringComparison.Ordinal) => "[]string",
        _ when dotnet.StartsWith("System.Collections.Generic.Dictionary`2[[System.String", StringComparison.Ordinal) => "map[string]string",
        _ => dotnet[(dotnet.LastIndexOf('.') + 1)..],
    };

    /// <summary>The JSON kind Go names in its message ("number", "string", …) of the value at a System.Text.Json path.</summary>
    private static string KindAt(ReadOnlySpan<byte> body, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var current = doc.RootElement;
            foreach (Match segment in PathSegment().Matches(path))
            {
                if (segment.Groups["index"].Success)
                {
                    current = current[int.Parse(segment.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)];
                    continue;
                }

                var name = segment.Groups["name"].Value;
                current = current.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
            }

            return current.ValueKind switch
            {
                JsonValueKind.Number => "number",
                JsonValueKind.String => "string",
                JsonValueKind.True or JsonValueKind.False => "bool",
                JsonValueKind.Array => "array",
                JsonValueKind.Object => "object",
                _ => "null",
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or ArgumentException or FormatException)
        {
            return "value";
        }
    }

    [GeneratedRegex("^The JSON value could not be converted to ([^ ]+?)\\. Path:", RegexOptions.CultureInvariant)]
    private static partial Regex Mismatch();

    [GeneratedRegex("\\[[0-9]+\\]", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();

    [GeneratedRegex("\\.(?<name>[^.\\[]+)|\\[(?<index>[0-9]+)\\]", RegexOptions.CultureInvariant)]
    private static partial Regex PathSegment();

    [GeneratedRegex("^The JSON property '(.*)' could not be mapped to any \\.NET member", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();
}
