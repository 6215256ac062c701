namespace VmMesh.Policy.Model;

/// <summary>
/// One header matcher, like Consul's (and Envoy's underneath): a header name and exactly one of
/// present / exact / prefix / suffix / regex, optionally inverted.
/// </summary>
/// <remarks>
/// Semantics follow Envoy, which enforces Consul's L7 intentions: names compare case-insensitively, values
/// case-sensitively; repeated headers are matched as their values joined with ","; a header that is absent matches
/// only <c>present</c> + <c>invert</c> ("must be absent"), so an inverted exact/prefix/suffix/regex matcher does
/// NOT match a request that lacks the header.
/// </remarks>
/// <param name="Name">The header name.</param>
/// <param name="Present">True: the header must be present. (False is rejected: use <c>present</c> with <c>invert</c>.)</param>
/// <param name="Exact">The value must equal this.</param>
/// <param name="Prefix">The value must start with this.</param>
/// <param name="Suffix">The value must end with this.</param>
/// <param name="Regex">The whole value must match this regular expression.</param>
/// <param name="Invert">Invert the result for a header that is present (and turns <c>present</c> into "absent").</param>
public sealed record HeaderMatch(
    string Name,
    bool? Present = null,
    string? Exact = null,
    string? Prefix = null,
    string? Suffix = null,
    string? Regex = null,
    bool Invert = false);
