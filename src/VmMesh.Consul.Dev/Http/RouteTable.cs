// The route table of contract §1.9: exact routes first, then the longest matching prefix,
// as Go's ServeMux does.
namespace VmMesh.Consul.Dev.Http;

internal sealed class RouteTable
{
    private readonly Dictionary<string, Route> _exact = new(StringComparer.Ordinal);
    private readonly List<Route> _prefixes = [];

    public void Add(Route route)
    {
        if (route.IsPrefix)
        {
            _prefixes.Add(route);
            _prefixes.Sort((a, b) => b.Path.Length.CompareTo(a.Path.Length));
        }
        else
        {
            _exact.Add(route.Path, route);
        }
    }

    public Route? Match(string path, out string parameter)
    {
        parameter = string.Empty;
        if (_exact.TryGetValue(path, out var exact))
        {
            return exact;
        }

        foreach (var prefix in _prefixes)
        {
            if (path.StartsWith(prefix.Path, StringComparison.Ordinal))
            {
                parameter = path[prefix.Path.Length..];
                return prefix;
            }
        }

        return null;
    }

    /// <summary>True when "path/" is a prefix route, i.e. Go's mux would redirect to add the slash.</summary>
    public bool IsPrefixWithoutSlash(string path) => _prefixes.Exists(p => p.Path.Length == path.Length + 1 && p.Path.StartsWith(path, StringComparison.Ordinal));
}
