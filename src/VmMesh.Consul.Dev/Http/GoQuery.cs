using System.Text;
using Microsoft.AspNetCore.Http;

namespace VmMesh.Consul.Dev.Http;

/// <summary>url.Values.Encode: keys sorted, values in order, QueryEscape'd (space as "+").</summary>
internal static class GoQuery
{
    public static string Encode(IQueryCollection query)
    {
        var sb = new StringBuilder();
        foreach (var key in query.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var value in query[key])
            {
                if (sb.Length > 0)
                {
                    sb.Append('&');
                }

                sb.Append(Escape(key)).Append('=').Append(Escape(value ?? string.Empty));
            }
        }

        return sb.ToString();
    }

    private static string Escape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);
}
