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
            throw new ConsulHttpError(400, "Request decode failed: " + Describe(ex));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is ConsulDecodeException inner)
        {
            throw new ConsulHttpError(400, "Request decode failed: " + inner.Message);
        }
    }

    /// <summary>Maps System.Text.Json's failure to the closest Go encoding/json text.</summary>
    internal static string Describe(JsonException ex)
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

        if (ex.Path is { Length: > 1 } path && message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"json: cannot unmarshal value into Go struct field {path.TrimStart('$', '.')}";
        }

        return "invalid character in JSON input: " + (ex.Path ?? "$");
    }

    [GeneratedRegex("^The JSON property '(.*)' could not be mapped to any \\.NET member", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();
}
