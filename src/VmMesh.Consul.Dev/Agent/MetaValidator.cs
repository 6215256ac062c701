using System.Text.RegularExpressions;
using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>structs.ValidateServiceMetadata: pair count, key format and length, reserved prefix, value length.</summary>
internal static partial class MetaValidator
{
    public static void Validate(IReadOnlyDictionary<string, string>? meta)
    {
        if (meta is null)
        {
            return;
        }

        if (meta.Count > 64)
        {
            throw new ConsulHttpError(400, "Invalid Service Meta: Node metadata cannot contain more than 64 key/value pairs");
        }

        foreach (var (key, value) in meta.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string? error = null;
            if (key.Length == 0)
            {
                error = "Key cannot be blank";
            }
            else if (!KeyFormat().IsMatch(key))
            {
                error = "Key contains invalid characters";
            }
            else if (key.Length > 128)
            {
                error = "Key is too long (limit: 128 characters)";
            }
            else if (key.StartsWith("consul-", StringComparison.Ordinal))
            {
                error = "Key prefix 'consul-' is reserved for internal use";
            }
            else if (value.Length > 512)
            {
                error = "Value is too long (limit: 512 characters)";
            }

            if (error is not null)
            {
                throw new ConsulHttpError(400, $"Invalid Service Meta: Couldn't load metadata pair ('{key}', '{value}'): {error}");
            }
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyFormat();
}
