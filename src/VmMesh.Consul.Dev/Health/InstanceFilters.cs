// The query parameters that narrow instance lists: ?tag (repeatable, AND, case-insensitive),
// ?node-meta (key:value, repeatable) and ?passing (Go bool; presence alone means true).
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Health;

internal static class InstanceFilters
{
    public static bool MatchesTags(RequestContext context, ServiceRecord service)
    {
        foreach (var tag in context.GetAll("tag"))
        {
            if (tag is not null && !service.Tags.Any(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    public static bool MatchesNodeMeta(RequestContext context, NodeRecord node)
    {
        foreach (var pair in context.GetAll("node-meta"))
        {
            if (pair is null)
            {
                continue;
            }

            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? pair : pair[..colon];
            var value = colon < 0 ? string.Empty : pair[(colon + 1)..];
            if (!node.Meta.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    public static bool Passing(RequestContext context)
    {
        if (!context.Has("passing"))
        {
            return false;
        }

        var raw = context.Get("passing");
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }

        return GoBool.TryParse(raw, out var passing) ? passing : throw new ConsulHttpError(400, "Invalid value for ?passing");
    }
}
