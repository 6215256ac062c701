using System.Globalization;
using System.Text;

namespace VmMesh.Consul.Http;

/// <summary>
/// Builds a Consul query string in insertion order. Values are percent-encoded; presence flags (<c>?recurse</c>)
/// have no value. Tokens never go here: they travel only in the <c>X-Consul-Token</c> header.
/// </summary>
internal sealed class QueryBuilder
{
    private readonly List<KeyValuePair<string, string?>> _parameters = [];

    public IReadOnlyList<KeyValuePair<string, string?>> Parameters => _parameters;

    public QueryBuilder Add(string name, string value)
    {
        _parameters.Add(new(name, value));
        return this;
    }

    public QueryBuilder Add(string name, ulong value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    public QueryBuilder AddIfNotEmpty(string name, string? value)
        => string.IsNullOrEmpty(value) ? this : Add(name, value);

    public QueryBuilder Flag(string name)
    {
        _parameters.Add(new(name, null));
        return this;
    }

    public QueryBuilder FlagIf(bool condition, string name) => condition ? Flag(name) : this;

    public static string Render(IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        if (parameters.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name));
            if (value is not null)
            {
                builder.Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return builder.ToString();
    }
}
