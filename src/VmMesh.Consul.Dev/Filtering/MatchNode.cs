// One comparison. The selector is a path of field names / map keys into the element's JSON;
// walking through an array yields every element's value, and a comparison is true when any
// value satisfies it (so "Checks.Status == passing" means "some check is passing").
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VmMesh.Consul.Dev.Filtering;

internal sealed record MatchNode(IReadOnlyList<string> Selector, MatchOperator Operator, string? Value, Regex? Pattern) : FilterNode
{
    public override bool Evaluate(JsonElement element)
    {
        var values = Resolve(element);
        return Operator switch
        {
            MatchOperator.Equal => values.Any(Equal),
            MatchOperator.NotEqual => !values.Any(Equal),
            MatchOperator.In => values.Any(Contains),
            MatchOperator.NotIn => !values.Any(Contains),
            MatchOperator.IsEmpty => values.Count == 0 || values.All(IsEmpty),
            MatchOperator.IsNotEmpty => values.Count > 0 && !values.All(IsEmpty),
            MatchOperator.Matches => values.Any(v => Flatten(v).Any(s => Pattern!.IsMatch(s))),
            MatchOperator.NotMatches => !values.Any(v => Flatten(v).Any(s => Pattern!.IsMatch(s))),
            _ => false,
        };
    }

    private List<JsonElement> Resolve(JsonElement root)
    {
        var current = new List<JsonElement> { root };
        foreach (var segment in Selector)
        {
            var next = new List<JsonElement>();
            foreach (var value in current)
            {
                Step(value, segment, next);
            }

            current = next;
        }

        return current;
    }

    private static void Step(JsonElement value, string segment, List<JsonElement> next)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (value.TryGetProperty(segment, out var exact))
                {
                    next.Add(exact);
                    return;
                }

                foreach (var p in value.EnumerateObject())
                {
                    if (string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase))
                    {
                        next.Add(p.Value);
                        return;
                    }
                }

                return;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    Step(item, segment, next);
                }

                return;
            default:
                return;
        }
    }

    private bool Equal(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Array => v.EnumerateArray().Any(Equal),
        JsonValueKind.Number => double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && v.GetDouble() == d,
        JsonValueKind.True => string.Equals(Value, "true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.False => string.Equals(Value, "false", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.String => v.GetString() == Value,
        _ => false,
    };

    private bool Contains(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Array => v.EnumerateArray().Any(Equal),
        JsonValueKind.Object => v.TryGetProperty(Value!, out _),
        JsonValueKind.String => v.GetString()!.Contains(Value!, StringComparison.Ordinal),
        _ => false,
    };

    private static bool IsEmpty(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => v.GetString()!.Length == 0,
        JsonValueKind.Array => v.GetArrayLength() == 0,
        JsonValueKind.Object => !v.EnumerateObject().Any(),
        _ => false,
    };

    private static IEnumerable<string> Flatten(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => [v.GetString()!],
        JsonValueKind.Array => v.EnumerateArray().SelectMany(Flatten),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [v.GetRawText()],
        _ => [],
    };
}
