// ?filter= for list endpoints: each element is rendered to the JSON the client would see and
// the expression is evaluated against it, so selectors are the response's own field names.
using System.Text.Json;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.Json;

namespace VmMesh.Consul.Dev.Filtering;

internal static class ResponseFilter
{
    /// <summary>Parses ?filter (null when absent); a syntax error is Consul's 500.</summary>
    public static FilterNode? Compile(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        try
        {
            return FilterParser.Parse(filter);
        }
        catch (FilterSyntaxException ex)
        {
            throw new ConsulHttpError(500, "Failed to create boolean expression evaluator: " + ex.Message);
        }
    }

    public static IReadOnlyList<T> Apply<T>(FilterNode? filter, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (filter is null)
        {
            return items;
        }

        var kept = new List<T>();
        foreach (var item in items)
        {
            using var doc = JsonDocument.Parse(JsonOutput.Write(false, w => write(w, item)));
            if (filter.Evaluate(doc.RootElement))
            {
                kept.Add(item);
            }
        }

        return kept;
    }
}
