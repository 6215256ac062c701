using System.Globalization;
using System.Net.Http.Headers;

namespace VmMesh.Consul.Http;

/// <summary>
/// Reads the X-Consul-* headers (§1.5). Header lookup is case-insensitive (Go canonicalises them to
/// <c>X-Consul-Knownleader</c> etc.); absent or malformed headers leave the default.
/// </summary>
internal static class QueryMetaParser
{
    public static QueryMeta Parse(HttpResponseHeaders headers)
    {
        return new QueryMeta
        {
            LastIndex = ulong.TryParse(First(headers, "X-Consul-Index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? new ConsulIndex(index)
                : ConsulIndex.Zero,
            KnownLeader = bool.TryParse(First(headers, "X-Consul-KnownLeader"), out var knownLeader) && knownLeader,
            LastContact = ulong.TryParse(First(headers, "X-Consul-LastContact"), NumberStyles.None, CultureInfo.InvariantCulture, out var lastContact)
                ? TimeSpan.FromMilliseconds(lastContact)
                : TimeSpan.Zero,
            ContentHash = First(headers, "X-Consul-ContentHash"),
            DefaultAclPolicy = First(headers, "X-Consul-Default-ACL-Policy"),
        };
    }

    private static string? First(HttpResponseHeaders headers, string name)
        => headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
