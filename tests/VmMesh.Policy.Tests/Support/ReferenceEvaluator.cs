using System.Text.RegularExpressions;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Tests.Support;

/// <summary>
/// A deliberately naive model of intention semantics, written from the reference (security-reliability.md §2.1,
/// §2.4) without looking at the production evaluator: enumerate every intention, keep those whose source and
/// destination match, take the highest precedence (deny first on ties), then first-match permissions.
/// It uses the backtracking regex engine and string concatenation on purpose, so it shares no code with production.
/// </summary>
internal static class ReferenceEvaluator
{
    public sealed record Request(string Source, string Destination, string? Method, string? Path, IReadOnlyList<(string Name, string Value)> Headers);

    public static bool Allowed(IReadOnlyList<IntentionDocument> documents, IntentionAction defaultAction, Request request)
    {
        var defaultAllows = defaultAction == IntentionAction.Allow;
        var candidates = new List<(int Precedence, int TieRank, IntentionSource Source)>();
        foreach (var document in documents)
        {
            foreach (var source in document.Sources)
            {
                var destinationMatches = document.Destination == "*" || document.Destination == request.Destination;
                var sourceMatches = source.Name == "*" || source.Name == request.Source;
                if (destinationMatches && sourceMatches)
                {
                    int precedence;
                    if (source.Name != "*" && document.Destination != "*")
                    {
                        precedence = 9;
                    }
                    else if (document.Destination != "*")
                    {
                        precedence = 8;
                    }
                    else if (source.Name != "*")
                    {
                        precedence = 6;
                    }
                    else
                    {
                        precedence = 5;
                    }

                    var tieRank = source.Action == IntentionAction.Deny ? 0 : source.Action is null ? 1 : 2;
                    candidates.Add((precedence, tieRank, source));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return defaultAllows;
        }

        var best = candidates.OrderByDescending(c => c.Precedence).ThenBy(c => c.TieRank).First().Source;
        if (best.Action is { } action)
        {
            return action == IntentionAction.Allow;
        }

        if (request.Method == null && request.Path == null)
        {
            return false;
        }

        foreach (var permission in best.Permissions!)
        {
            if (PermissionMatches(permission.Http, request))
            {
                return permission.Action == IntentionAction.Allow;
            }
        }

        return defaultAllows;
    }

    private static bool PermissionMatches(HttpMatch http, Request request)
    {
        if (http.Methods != null && http.Methods.Count > 0 && !http.Methods.Contains(request.Method))
        {
            return false;
        }

        var path = request.Path;
        if (path != null && path.Contains('?', StringComparison.Ordinal))
        {
            path = path.Substring(0, path.IndexOf('?', StringComparison.Ordinal));
        }

        if (http.PathExact != null && path != http.PathExact)
        {
            return false;
        }

        if (http.PathPrefix != null && (path == null || !path.StartsWith(http.PathPrefix, StringComparison.Ordinal)))
        {
            return false;
        }

        if (http.PathRegex != null && (path == null || !Regex.IsMatch(path, "^(?:" + http.PathRegex + ")$")))
        {
            return false;
        }

        foreach (var header in http.Header ?? [])
        {
            if (!HeaderMatches(header, request.Headers))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HeaderMatches(HeaderMatch header, IReadOnlyList<(string Name, string Value)> headers)
    {
        string? value = null;
        foreach (var (name, v) in headers)
        {
            if (string.Equals(name, header.Name, StringComparison.OrdinalIgnoreCase))
            {
                value = value == null ? v : value + "," + v;
            }
        }

        if (value == null)
        {
            // Envoy: an absent header satisfies only "present" inverted.
            return header.Present == true && header.Invert;
        }

        bool result;
        if (header.Exact != null)
        {
            result = value == header.Exact;
        }
        else if (header.Prefix != null)
        {
            result = value.StartsWith(header.Prefix, StringComparison.Ordinal);
        }
        else if (header.Suffix != null)
        {
            result = value.EndsWith(header.Suffix, StringComparison.Ordinal);
        }
        else if (header.Regex != null)
        {
            result = Regex.IsMatch(value, "^(?:" + header.Regex + ")$");
        }
        else
        {
            result = true;
        }

        return header.Invert ? !result : result;
    }
}
