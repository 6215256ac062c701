namespace VmMesh.Consul.Http;

/// <summary>Builds request paths: each caller-supplied segment is percent-encoded, KV keys per segment.</summary>
internal static class ConsulPaths
{
    public static string Segment(string prefix, string value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} is empty; pass the {parameterName} Consul should act on.", parameterName);
        }

        return prefix + Escape(value);
    }

    /// <summary>Percent-encodes one path segment, keeping <c>:</c> and <c>@</c> readable (legal in paths, common in check IDs such as <c>service:web-1</c>).</summary>
    public static string Escape(string segment)
        => Uri.EscapeDataString(segment).Replace("%3A", ":", StringComparison.Ordinal).Replace("%40", "@", StringComparison.Ordinal);

    /// <summary>
    /// <c>v1/kv/</c> + the key, segment by segment, so <c>/</c> stays a separator and everything else is escaped.
    /// A leading <c>/</c> is rejected like the Go client does (Consul would redirect a doubled slash).
    /// </summary>
    public static string Kv(string key, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.StartsWith('/'))
        {
            throw new ArgumentException($"KV key \"{key}\" starts with '/'; Consul keys are relative, remove the leading slash.", nameof(key));
        }

        if (key.Length == 0 && !allowEmpty)
        {
            throw new ArgumentException("KV key is empty; pass a key (only prefix reads and recursive deletes take an empty prefix).", nameof(key));
        }

        return "v1/kv/" + string.Join('/', key.Split('/').Select(Escape));
    }
}
