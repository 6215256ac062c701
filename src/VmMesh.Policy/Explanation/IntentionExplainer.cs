// Human-readable text for `vmmesh intention check` and the policy server's check API: what was asked, what was
// decided, which rule decided, and (for L7) what the deciding permission says. Data only; the CLI prints it.
using System.Globalization;
using System.Text;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Explanation;

/// <summary>Explains an <see cref="IntentionDecision"/> in a few aligned lines.</summary>
public static class IntentionExplainer
{
    /// <summary>
    /// E.g.
    /// <code>
    /// DENIED   web -> api  GET /admin/users
    /// rule     web -> api (precedence 9), permissions[0]
    /// matcher  deny if path prefix "/admin"
    /// reason   denied by intention web -> api (precedence 9): permissions[0] (deny) matched
    /// version  42 (mesh default: deny)
    /// </code>
    /// </summary>
    public static string Explain(IntentionSet set, in IntentionRequest request, IntentionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(decision);
        var text = new StringBuilder();
        text.Append(decision.Allowed ? "ALLOWED" : "DENIED").Append("  ")
            .Append(request.Source).Append(" -> ").Append(request.Destination);
        if (request.IsHttp)
        {
            text.Append("  ").Append(request.Method ?? "(no method)").Append(' ').Append(request.Path ?? "(no path)");
        }
        else
        {
            text.Append("  (L4: no HTTP request)");
        }

        text.AppendLine();
        text.Append("rule     ").AppendLine(decision.DecidingRule?.ToString() ?? "default (no intention matches)");
        if (decision.DecidingRule is { PermissionIndex: { } index } rule
            && Find(set, rule) is { Permissions: { } permissions } && index < permissions.Count)
        {
            text.Append("matcher  ").AppendLine(Describe(permissions[index]));
        }

        text.Append("reason   ").AppendLine(decision.Reason);
        text.Append("version  ").Append(set.Version.ToString())
            .Append(" (mesh default: ").Append(IntentionDecisionTexts.Action(set.Defaults.DefaultAction)).Append(')');
        return text.ToString();
    }

    /// <summary>One line for a permission, e.g. <c>allow if path prefix "/public" and method GET or HEAD</c>.</summary>
    public static string Describe(Permission permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        var parts = new List<string>();
        var http = permission.Http;
        if (http.PathExact is { } exact)
        {
            parts.Add($"path is \"{exact}\"");
        }
        else if (http.PathPrefix is { } prefix)
        {
            parts.Add($"path prefix \"{prefix}\"");
        }
        else if (http.PathRegex is { } regex)
        {
            parts.Add($"path matches /{regex}/");
        }

        if (http.Methods is { Count: > 0 } methods)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"method {string.Join(" or ", methods)}"));
        }

        foreach (var header in http.Header ?? [])
        {
            parts.Add(Describe(header));
        }

        return $"{IntentionDecisionTexts.Action(permission.Action)} if {string.Join(" and ", parts)}";
    }

    private static string Describe(HeaderMatch header)
    {
        var not = header.Invert ? "not " : string.Empty;
        return header switch
        {
            { Exact: { } v } => $"header {header.Name} {not}equals \"{v}\"",
            { Prefix: { } v } => $"header {header.Name} {not}starts with \"{v}\"",
            { Suffix: { } v } => $"header {header.Name} {not}ends with \"{v}\"",
            { Regex: { } v } => $"header {header.Name} {not}matches /{v}/",
            _ => header.Invert ? $"header {header.Name} is absent" : $"header {header.Name} is present",
        };
    }

    private static IntentionSource? Find(IntentionSet set, DecidingRule rule) =>
        set.GetDocument(rule.Destination)?.Sources.FirstOrDefault(s => s.Name == rule.Source);
}
