using VmMesh.Policy.Model;

namespace VmMesh.Policy.Evaluation;

/// <summary>
/// Consul OSS intention precedence (one namespace): the more specific pair wins. Rows 7, 4, 3, 2 and 1 of Consul's
/// table need namespace wildcards and cannot occur here.
/// </summary>
public static class IntentionPrecedence
{
    /// <summary>Exact source, exact destination.</summary>
    public const int ExactToExact = 9;

    /// <summary>Any source, exact destination.</summary>
    public const int WildcardToExact = 8;

    /// <summary>Exact source, any destination.</summary>
    public const int ExactToWildcard = 6;

    /// <summary>Any source, any destination.</summary>
    public const int WildcardToWildcard = 5;

    /// <summary>The precedence of an intention from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static int Of(string source, string destination) =>
        (source == IntentionNames.Wildcard, destination == IntentionNames.Wildcard) switch
        {
            (false, false) => ExactToExact,
            (true, false) => WildcardToExact,
            (false, true) => ExactToWildcard,
            (true, true) => WildcardToWildcard,
        };
}
