namespace VmMesh.Policy.Evaluation;

/// <summary>
/// What is being authorized: a verified source service calling a destination service, with the HTTP request when
/// there is one. A request with neither <see cref="Method"/> nor <see cref="Path"/> is L4-only (a TCP connection),
/// which an L7 intention always denies, as Consul does.
/// </summary>
/// <param name="Source">The caller's service name, taken from its verified SPIFFE ID.</param>
/// <param name="Destination">The called service name.</param>
/// <param name="Method">The HTTP method as on the wire (upper-case), or null when unknown.</param>
/// <param name="Path">The normalized request path; anything from the first '?' on is ignored. Null when unknown.</param>
/// <param name="Headers">The request headers, or null for none.</param>
public readonly record struct IntentionRequest(
    string Source,
    string Destination,
    string? Method = null,
    string? Path = null,
    IIntentionHeaders? Headers = null)
{
    /// <summary>True when HTTP information is known. A part that is missing never satisfies a matcher that constrains it.</summary>
    public bool IsHttp => Method is not null || Path is not null;
}
