using System.Collections.Frozen;

namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// The keys each object of sidecar.json may hold, by pattern path (<c>outbound.upstreams[]</c> for every upstream).
/// The reader uses it to report unknown keys with a suggestion; overrides use it to turn <c>Inbound__Port</c> into
/// the file's camelCase <c>inbound.port</c>.
/// </summary>
internal static class ConfigSchema
{
    public const string Root = "";

    /// <summary>Objects whose keys are free (string to string maps).</summary>
    public static readonly FrozenSet<string> Maps = FrozenSet.Create(StringComparer.Ordinal, "service.meta");

    public static readonly FrozenDictionary<string, string[]> Objects = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Root] = ["service", "inbound", "outbound", "admin", "consul", "policyServer", "dataDir"],
        ["service"] = ["name", "id", "port", "tags", "meta", "check"],
        ["service.check"] = ["http", "tcp", "interval", "timeout"],
        ["inbound"] = ["port", "bindAddress", "advertiseAddress"],
        ["outbound"] = ["port", "upstreams"],
        ["outbound.upstreams[]"] = ["service", "localPort"],
        ["admin"] = ["port"],
        ["consul"] = ["address", "datacenter", "tokenFile"],
        ["policyServer"] = ["address", "caFile", "caFingerprint", "joinTokenFile"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Child(string pattern, string key) => pattern.Length == 0 ? key : $"{pattern}.{key}";

    /// <summary>The schema's spelling of <paramref name="key"/> when it differs only in case; otherwise the key itself.</summary>
    public static string Canonical(string pattern, string key)
    {
        if (Objects.TryGetValue(pattern, out var keys))
        {
            foreach (var known in keys)
            {
                if (string.Equals(known, key, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }
        }

        return key;
    }
}
